namespace ATTR35;

/// <summary>How a connector matches the sending server.</summary>
/// <remarks>Based on <see cref="long"/> so that ConvertTo-Json writes the name, not a number: see <see cref="CheckStatus"/>.</remarks>
public enum MatchedBy : long
{
    /// <summary>It does not match.</summary>
    None,

    /// <summary>Its TlsSenderCertificateName covers a name on the sender's certificate (checked first).</summary>
    Certificate,

    /// <summary>One of its SenderIPAddresses contains the sender's address.</summary>
    IPAddress,
}
