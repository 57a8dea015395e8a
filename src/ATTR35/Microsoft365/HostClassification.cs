namespace ATTR35.Microsoft365;

/// <summary>What <see cref="HostClassifier"/> made of one host name.</summary>
/// <param name="Host">The normalised host: lower case, no trailing dot, no brackets.</param>
/// <param name="Kind">What the host is.</param>
/// <param name="Cloud">Its Microsoft cloud.</param>
/// <param name="Token">For a tenant host, the label that names the tenant's domain (<c>contoso-com</c>).</param>
/// <param name="IsDnssecHost">True for the DNSSEC/DANE form <c>token.x-v1.mx.microsoft</c>.</param>
internal sealed record HostClassification(string Host, HostKind Kind, Cloud Cloud, string? Token, bool IsDnssecHost)
{
    /// <summary>True when the host is a Microsoft 365 tenant host of the same tenant domain token as <paramref name="other"/>
    /// in the other of the two worldwide forms (the pair published during a move to DNSSEC).</summary>
    public bool IsDnssecPartnerOf(HostClassification other) =>
        Kind == HostKind.Microsoft365 && other.Kind == HostKind.Microsoft365
        && Cloud == Cloud.Worldwide && other.Cloud == Cloud.Worldwide
        && IsDnssecHost != other.IsDnssecHost
        && Token is not null && string.Equals(Token, other.Token, System.StringComparison.Ordinal);
}
