using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using ATTR35.Connectors;
using Xunit;

namespace ATTR35.Tests.Connectors;

public class CertificateFileTests
{
    [Fact]
    public void ReadsDer()
    {
        using var certificate = TestCertificates.Create("CN=mail.contoso.com", new[] { "mail.contoso.com" });
        using var loaded = CertificateFile.Load(certificate.RawData);
        Assert.Equal(certificate.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void ReadsPem()
    {
        using var certificate = TestCertificates.Create("CN=mail.contoso.com", new[] { "mail.contoso.com" });
        using var loaded = CertificateFile.Load(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));
        Assert.Equal(certificate.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void ReadsPemWithBomAndCrLf()
    {
        using var certificate = TestCertificates.Create("CN=mail.contoso.com", Array.Empty<string>());
        var pem = certificate.ExportCertificatePem().Replace("\n", "\r\n");
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.ASCII.GetBytes(pem)).ToArray();
        using var loaded = CertificateFile.Load(bytes);
        Assert.Equal(certificate.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void TakesTheFirstCertificateOfAChainAndSkipsAKey()
    {
        using var leaf = TestCertificates.Create("CN=mail.contoso.com", Array.Empty<string>());
        using var issuer = TestCertificates.Create("CN=Contoso CA", Array.Empty<string>());
        var text = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" + leaf.ExportCertificatePem() + "\n" + issuer.ExportCertificatePem();
        using var loaded = CertificateFile.Load(Encoding.ASCII.GetBytes(text));
        Assert.Equal(leaf.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void ReadsBase64WithoutHeaders()
    {
        using var certificate = TestCertificates.Create("CN=mail.contoso.com", Array.Empty<string>());
        using var loaded = CertificateFile.Load(Encoding.ASCII.GetBytes(Convert.ToBase64String(certificate.RawData)));
        Assert.Equal(certificate.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void EmptyFileIsRefused() => Assert.Throws<FormatException>(() => CertificateFile.Load(Array.Empty<byte>()));

    [Fact]
    public void TextThatIsNoCertificateIsRefused() =>
        Assert.Throws<FormatException>(() => CertificateFile.Load(Encoding.ASCII.GetBytes("this is not a certificate")));

    [Fact]
    public void PemWithoutACertificateIsRefused()
    {
        var ex = Assert.Throws<FormatException>(() => CertificateFile.Load(Encoding.ASCII.GetBytes("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")));
        Assert.Contains("no certificate", ex.Message);
    }

    [Fact]
    public void BinaryThatIsNoCertificateIsRefused() =>
        Assert.ThrowsAny<CryptographicException>(() => CertificateFile.Load(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00, 0xFF, 0x00 }));
}
