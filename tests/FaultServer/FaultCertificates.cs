using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ATTR35.FaultServer;

/// <summary>
/// The server certificates of the TLS scenarios, made at start: a test CA (written as PEM so a test
/// can trust it through SSL_CERT_FILE) and leaves for fault.lab.example that are good, expired, not
/// yet valid, for the wrong name, or self-signed. Each is wrong in one way only, so a test that
/// trusts the CA sees exactly the fault it asked for.
/// </summary>
internal sealed class FaultCertificates
{
    /// <summary>The name the scenarios are reached by (fault.lab.example A 127.0.0.1).</summary>
    public const string HostName = "fault.lab.example";

    public FaultCertificates(string caPemPath)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=ATTR35 Fault Server Test CA, O=ATTR35 Lab", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddYears(-1), now.AddYears(2));
        File.WriteAllText(caPemPath, ca.ExportCertificatePem() + "\n");

        Good = Leaf(ca, HostName, now.AddDays(-1), now.AddDays(90));
        Expired = Leaf(ca, HostName, now.AddDays(-90), now.AddDays(-30));
        NotYetValid = Leaf(ca, HostName, now.AddDays(30), now.AddDays(90));
        WrongName = Leaf(ca, "wrong-name.example", now.AddDays(-1), now.AddDays(90));
        SelfSigned = Leaf(null, HostName, now.AddDays(-1), now.AddDays(90));
        Hostile = Leaf(ca, HostName, now.AddDays(-1), now.AddDays(90), hostile: true);
    }

    public X509Certificate2 Good { get; }

    public X509Certificate2 Expired { get; }

    public X509Certificate2 NotYetValid { get; }

    public X509Certificate2 WrongName { get; }

    public X509Certificate2 SelfSigned { get; }

    /// <summary>A subject CN and SAN names holding CR LF and a terminal escape sequence.</summary>
    public X509Certificate2 Hostile { get; }

    private static X509Certificate2 Leaf(X509Certificate2? issuer, string name, DateTimeOffset notBefore, DateTimeOffset notAfter, bool hostile = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(hostile ? "fault.lab.example\r\n\u001b[31mCN=mail.protection.outlook.com" : name);
        subject.AddOrganizationName("ATTR35 Lab");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        if (hostile)
        {
            // Written by hand: the builder refuses names that are not host names, a server need not.
            request.CertificateExtensions.Add(new X509Extension("2.5.29.17", SanOf("fault.lab.example\r\nQUIT", "\u001b[31m.example", name), false));
        }
        else
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(name);
            request.CertificateExtensions.Add(san.Build());
        }

        X509Certificate2 certificate;
        if (issuer is null)
        {
            certificate = request.CreateSelfSigned(notBefore, notAfter);
        }
        else
        {
            byte[] serial = new byte[12];
            RandomNumberGenerator.Fill(serial);
            serial[0] &= 0x7F;
            using X509Certificate2 issued = request.Create(issuer, notBefore, notAfter, serial);
            certificate = issued.CopyWithPrivateKey(key);
        }

        // Through PKCS#12 so SslStream gets a certificate whose key it can use on every platform.
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }

    // GeneralNames with one dNSName ([2] IA5String) per name, bytes as given.
    private static byte[] SanOf(params string[] names)
    {
        var body = new System.IO.MemoryStream();
        foreach (string name in names)
        {
            byte[] bytes = System.Text.Encoding.ASCII.GetBytes(name);
            body.WriteByte(0x82);
            body.WriteByte((byte)bytes.Length);
            body.Write(bytes);
        }

        byte[] content = body.ToArray();
        var sequence = new System.IO.MemoryStream();
        sequence.WriteByte(0x30);
        sequence.WriteByte((byte)content.Length);
        sequence.Write(content);
        return sequence.ToArray();
    }
}
