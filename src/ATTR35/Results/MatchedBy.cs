namespace ATTR35;

/// <summary>How a connector matches the sending server.</summary>
public enum MatchedBy
{
    /// <summary>It does not match.</summary>
    None,

    /// <summary>Its TlsSenderCertificateName covers a name on the sender's certificate (checked first).</summary>
    Certificate,

    /// <summary>One of its SenderIPAddresses contains the sender's address.</summary>
    IPAddress,
}
