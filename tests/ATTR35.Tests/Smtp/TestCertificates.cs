using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ATTR35.Tests.Smtp;

/// <summary>Self-signed certificates made on the spot, with their private keys.</summary>
internal static class TestCertificates
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    public static X509Certificate2 Create(string subject, string[] dnsNames, IPAddress[]? addresses = null, bool client = false, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
#if NETFRAMEWORK
        return FrameworkCertificates.Create(subject, dnsNames, addresses, client, notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30));
#else
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (dnsNames.Length > 0 || addresses is { Length: > 0 })
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            foreach (var address in addresses ?? Array.Empty<IPAddress>())
            {
                san.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(client ? ClientAuth : ServerAuth) }, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var to = notAfter ?? DateTimeOffset.UtcNow.AddDays(30);
        using var created = request.CreateSelfSigned(from, to);

        // A round trip through PKCS#12 gives a certificate whose key every platform's TLS can use.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.Exportable);
#endif
    }

    /// <summary>What EOP presents: mail.protection.outlook.com and its wildcard.</summary>
    public static X509Certificate2 Eop() =>
        Create("CN=mail.protection.outlook.com, O=Test Lab, C=US", new[] { "mail.protection.outlook.com", "*.mail.protection.outlook.com" });
}
