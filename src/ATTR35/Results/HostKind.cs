namespace ATTR35;

/// <summary>What a mail host name is, as far as Microsoft 365 mail routing is concerned.</summary>
/// <remarks>Based on <see cref="long"/> so that ConvertTo-Json writes the name, not a number: see <see cref="CheckStatus"/>.</remarks>
public enum HostKind : long
{
    /// <summary>A tenant's assigned host: <c>token.mail.protection.outlook.com</c>, <c>token.x-v1.mx.microsoft</c> or a sovereign form.</summary>
    Microsoft365,

    /// <summary>A retired shared name (FOPE, Bigfish, Frontbridge, outlook.de).</summary>
    Microsoft365Legacy,

    /// <summary>A client submission or High Volume Email host such as smtp.office365.com.</summary>
    Microsoft365ClientSubmission,

    /// <summary>An IP address instead of a host name.</summary>
    IpLiteral,

    /// <summary>An RFC 7505 null MX (<c>MX 0 .</c>).</summary>
    NullMx,

    /// <summary>Any other host: an on-premises server, a gateway or a third-party service.</summary>
    Other,
}
