using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ATTR35.Tests.Connectors;

/// <summary>Self-signed certificates made on the spot, as the sending server would present them.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 Create(string subject, string[] dnsNames, DateTimeOffset? notAfter = null)
    {
#if NETFRAMEWORK
        var last = notAfter ?? DateTimeOffset.UtcNow.AddYears(1);
        return FrameworkCertificates.Create(subject, dnsNames, null, null, last.AddYears(-1), last);
#else
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (dnsNames.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        var end = notAfter ?? DateTimeOffset.UtcNow.AddYears(1);
        return request.CreateSelfSigned(end.AddYears(-1), end);
#endif
    }
}
