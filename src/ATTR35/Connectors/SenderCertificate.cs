using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using ATTR35.Base;

namespace ATTR35.Connectors;

/// <summary>What matters about the certificate a sending server presents: its names and its expiry.</summary>
internal sealed class SenderCertificate
{
    private const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>The subject DN, as .NET prints it.</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>The issuer DN, as .NET prints it.</summary>
    public string Issuer { get; init; } = string.Empty;

    /// <summary>The subject's CN values as written.</summary>
    public IReadOnlyList<string> CommonNames { get; init; } = Array.Empty<string>();

    /// <summary>The SAN dNSName values as written.</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = Array.Empty<string>();

    /// <summary>Start of validity, UTC.</summary>
    public DateTime NotBefore { get; init; }

    /// <summary>End of validity, UTC.</summary>
    public DateTime NotAfter { get; init; }

    /// <summary>The SHA-1 thumbprint, as Exchange shows it.</summary>
    public string Thumbprint { get; init; } = string.Empty;

    /// <summary>Where the certificate came from, for messages: "-CertificatePath mail.cer", "-Certificate".</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>
    /// The names a connector is compared with: the CNs that are DNS names, then the SAN DNS names,
    /// normalised and without repeats. A CN such as "Contoso Mail" is not a DNS name and is left out.
    /// </summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            var names = new List<string>();
            foreach (var name in CommonNames.Concat(DnsNames))
            {
                if (CertificateNameMatcher.TryNormalizeCertificateName(name, out var normalized, out _) && !names.Contains(normalized))
                {
                    names.Add(normalized);
                }
            }

            return names;
        }
    }

    /// <summary>The name to show for the certificate: its first usable name, else its subject.</summary>
    public string DisplayName => Names.Count > 0 ? Names[0] : Subject;

    /// <summary>Reads the facts of a certificate object.</summary>
    public static SenderCertificate FromCertificate(X509Certificate2 certificate, string source)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        var san = certificate.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == SubjectAltNameOid);
        return new SenderCertificate
        {
            Subject = SafeText.Escape(certificate.Subject),
            Issuer = SafeText.Escape(certificate.Issuer),
            CommonNames = Der.ReadCommonNames(certificate.SubjectName.RawData),
            DnsNames = san is null ? Array.Empty<string>() : Der.ReadSanDnsNames(san.RawData),
            NotBefore = certificate.NotBefore.ToUniversalTime(),
            NotAfter = certificate.NotAfter.ToUniversalTime(),
            Thumbprint = certificate.Thumbprint ?? string.Empty,
            Source = source,
        };
    }

    /// <inheritdoc/>
    public override string ToString() => DisplayName;
}
