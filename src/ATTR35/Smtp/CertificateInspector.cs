using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ATTR35.Base;

namespace ATTR35.Smtp;

/// <summary>Turns a server certificate and the platform's verdict on it into a <see cref="CertificateInfo"/>.</summary>
internal static class CertificateInspector
{
    private const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>Describes a certificate as seen in the TLS validation callback.</summary>
    public static CertificateInfo Describe(X509Certificate certificate, X509Chain? chain, SslPolicyErrors errors, string serverName)
    {
        var owned = certificate as X509Certificate2;
        var cert = owned ?? new X509Certificate2(certificate);
        try
        {
            ReadSubjectAltNames(cert, out var dnsNames, out var addresses);
            if (dnsNames.Count == 0)
            {
                var commonName = cert.GetNameInfo(X509NameType.SimpleName, false);

                // Only a name that could be a host name stands in for the missing SAN entries.
                if (!string.IsNullOrEmpty(commonName) && commonName.IndexOf(' ') < 0)
                {
                    dnsNames.Add(commonName);
                }
            }

            var chainStatus = chain?.ChainStatus
                .Where(s => s.Status != X509ChainStatusFlags.NoError)
                .Select(s => s.Status.ToString())
                .Distinct(StringComparer.Ordinal)
                .ToArray() ?? Array.Empty<string>();

            // Matching uses the names as they are; what is shown is escaped, because a
            // certificate, like anything a server sends, can carry control characters.
            var nameMatches = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && MatchesServerName(serverName, dnsNames, addresses);
            return new CertificateInfo
            {
                Subject = SafeText.Escape(cert.Subject),
                DnsNames = dnsNames.Select(SafeText.Escape).ToArray(),
                IPAddresses = addresses.Select(a => a.ToString()).ToArray(),
                Issuer = SafeText.Escape(cert.Issuer),
                NotBefore = cert.NotBefore,
                NotAfter = cert.NotAfter,
                Thumbprint = cert.Thumbprint ?? string.Empty,
                ChainValid = (errors & (SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0,
                ChainStatus = chainStatus,
                NameMatches = nameMatches,
                ServerName = serverName,
            };
        }
        finally
        {
            if (owned is null)
            {
                cert.Dispose();
            }
        }
    }

    /// <summary>
    /// RFC 6125 matching: an IP address against the IP entries; a name against the DNS names,
    /// case-insensitively, where <c>*.</c> stands for exactly one whole left-most label
    /// (<c>*.contoso.com</c> matches <c>mail.contoso.com</c>, not <c>contoso.com</c> or
    /// <c>a.b.contoso.com</c>), and never for a label directly under the top-level domain.
    /// </summary>
    public static bool MatchesServerName(string serverName, IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses)
    {
        var wanted = DnsName.Canonical((serverName ?? string.Empty).Trim());
        if (wanted.Length == 0)
        {
            return false;
        }

        if (IpLiteral.TryParse(wanted, out var address))
        {
            return addresses.Any(a => a.Equals(address));
        }

        foreach (var entry in dnsNames)
        {
            var name = DnsName.Canonical((entry ?? string.Empty).Trim());
            if (name.Length == 0)
            {
                continue;
            }

            if (string.Equals(name, wanted, StringComparison.Ordinal))
            {
                return true;
            }

            if (name.StartsWith("*.", StringComparison.Ordinal))
            {
                var suffix = name.Substring(1);
                var firstDot = wanted.IndexOf('.');
                if (suffix.IndexOf('.', 1) > 0
                    && firstDot > 0
                    && string.Equals(wanted.Substring(firstDot), suffix, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Reads the dNSName and iPAddress entries of the SAN extension (the platform has no API for the full list on netstandard2.0).</summary>
    internal static void ReadSubjectAltNames(X509Certificate2 cert, out List<string> dnsNames, out List<IPAddress> addresses)
    {
        dnsNames = new List<string>();
        addresses = new List<IPAddress>();
        foreach (var extension in cert.Extensions)
        {
            if (extension.Oid?.Value == SubjectAltNameOid)
            {
                ParseSubjectAltNames(extension.RawData, dnsNames, addresses);
            }
        }
    }

    /// <summary>Parses DER <c>GeneralNames</c>; stops quietly at anything malformed, keeping what was read.</summary>
    internal static void ParseSubjectAltNames(byte[] der, List<string> dnsNames, List<IPAddress> addresses) =>
        Der.ReadSubjectAltNames(der, dnsNames, addresses);
}
