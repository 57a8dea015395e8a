using System;

namespace ATTR35;

/// <summary>The certificate a server presented in the TLS handshake, and what the client made of it.</summary>
public sealed class CertificateInfo
{
    /// <summary>The subject distinguished name, for example <c>CN=mail.protection.outlook.com, O=Microsoft Corporation, ...</c>.</summary>
    public string Subject { get; internal set; } = string.Empty;

    /// <summary>
    /// The DNS names in the subject alternative name extension; when there are none, the subject's
    /// common name (the fallback RFC 6125 allows).
    /// </summary>
    public string[] DnsNames { get; internal set; } = Array.Empty<string>();

    /// <summary>The issuer distinguished name.</summary>
    public string Issuer { get; internal set; } = string.Empty;

    /// <summary>Start of validity, in local time as <see cref="System.Security.Cryptography.X509Certificates.X509Certificate2"/> gives it.</summary>
    public DateTime NotBefore { get; internal set; }

    /// <summary>End of validity, in local time.</summary>
    public DateTime NotAfter { get; internal set; }

    /// <summary>The SHA-1 thumbprint in upper-case hex, as Exchange shows it.</summary>
    public string Thumbprint { get; internal set; } = string.Empty;

    /// <summary>
    /// True when this machine could build a trusted chain for the certificate: not self-signed or
    /// from an unknown CA, not expired, not otherwise invalid. Revocation is not checked (that would
    /// need network access the probe does not bound).
    /// </summary>
    public bool ChainValid { get; internal set; }

    /// <summary>
    /// True when the certificate names the server the probe expected: the platform found no name
    /// mismatch, and a DNS name (single-label wildcard allowed) or IP address entry matches.
    /// </summary>
    public bool NameMatches { get; internal set; }

    /// <summary>The server name the certificate was checked against (the TLS SNI name).</summary>
    public string ServerName { get; internal set; } = string.Empty;

    /// <summary>The IP addresses in the subject alternative name extension.</summary>
    public string[] IPAddresses { get; internal set; } = Array.Empty<string>();

    /// <summary>The chain problems the platform reported, for example <c>UntrustedRoot</c> or <c>NotTimeValid</c>; empty when the chain is valid.</summary>
    public string[] ChainStatus { get; internal set; } = Array.Empty<string>();

    /// <inheritdoc/>
    public override string ToString() => Subject;
}
