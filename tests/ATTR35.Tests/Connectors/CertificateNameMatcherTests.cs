using ATTR35.Connectors;
using Xunit;

namespace ATTR35.Tests.Connectors;

public class CertificateNameMatcherTests
{
    private static bool Covers(string connectorName, string certificateName)
    {
        Assert.True(CertificateNameMatcher.TryNormalizeConnectorName(connectorName, out var c, out var reason), reason);
        Assert.True(CertificateNameMatcher.TryNormalizeCertificateName(certificateName, out var n, out reason), reason);
        return CertificateNameMatcher.Covers(c, n);
    }

    [Theory]
    [InlineData("mail.contoso.com", "mail.contoso.com")]
    [InlineData("mail.contoso.com", "MAIL.Contoso.COM")]
    [InlineData("MAIL.CONTOSO.COM", "mail.contoso.com")]
    [InlineData("mail.contoso.com.", "mail.contoso.com")]
    [InlineData("mail.contoso.com", "mail.contoso.com.")]
    [InlineData("*.contoso.com", "contoso.com")]
    [InlineData("*.contoso.com", "mail.contoso.com")]
    [InlineData("*.contoso.com", "smtp.eu.contoso.com")]
    [InlineData("*.contoso.com", "a.b.c.contoso.com")]
    [InlineData("*.Contoso.com.", "MAIL.contoso.COM.")]
    [InlineData("*.contoso.com", "*.contoso.com")]
    [InlineData("*.CONTOSO.com", "*.contoso.com.")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("*.xn--bcher-kva.example", "mail.bücher.example")]
    public void Matches(string connectorName, string certificateName)
    {
        Assert.True(Covers(connectorName, certificateName));
    }

    [Theory]
    [InlineData("mail.contoso.com", "smtp.contoso.com")]
    [InlineData("mail.contoso.com", "contoso.com")]
    [InlineData("contoso.com", "mail.contoso.com")]
    [InlineData("*.contoso.com", "contoso.net")]
    [InlineData("*.contoso.com", "notcontoso.com")]
    [InlineData("*.contoso.com", "contoso.com.evil.example")]
    [InlineData("*.mail.contoso.com", "contoso.com")]
    [InlineData("*.mail.contoso.com", "smtp.contoso.com")]
    [InlineData("mail.contoso.com", "*.contoso.com")] // a wildcard certificate is compared as written
    [InlineData("contoso.com", "*.contoso.com")]
    [InlineData("*.contoso.com", "*.mail.contoso.com")]
    [InlineData("*.mail.contoso.com", "*.contoso.com")]
    public void DoesNotMatch(string connectorName, string certificateName)
    {
        Assert.False(Covers(connectorName, certificateName));
    }

    [Theory]
    [InlineData("mail.*.contoso.com")]
    [InlineData("mail*.contoso.com")]
    [InlineData("*contoso.com")]
    [InlineData("*.*.contoso.com")]
    [InlineData("*")]
    [InlineData("")]
    [InlineData("contoso")]
    [InlineData("mail contoso.com")]
    [InlineData("<I>CN=Issuer<S>O=Contoso")]
    public void RefusesConnectorNamesExchangeOnlineRefuses(string name)
    {
        Assert.False(CertificateNameMatcher.TryNormalizeConnectorName(name, out _, out var reason));
        Assert.NotEmpty(reason);
    }

    [Theory]
    [InlineData("<I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com", "mail.contoso.com")]
    [InlineData("<I>CN=Contoso CA<S>CN=*.Contoso.com, O=Contoso", "*.contoso.com")]
    [InlineData("  *.contoso.com  ", "*.contoso.com")]
    public void ConnectorNamesNormalise(string name, string expected)
    {
        Assert.True(CertificateNameMatcher.TryNormalizeConnectorName(name, out var normalized, out var reason), reason);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("Mail.Contoso.com.", "mail.contoso.com")]
    [InlineData("*.contoso.com", "*.contoso.com")]
    [InlineData("W*.Contoso.com", "w*.contoso.com")]
    [InlineData("mail.bücher.example", "mail.xn--bcher-kva.example")]
    public void CertificateNamesNormalise(string name, string expected)
    {
        Assert.True(CertificateNameMatcher.TryNormalizeCertificateName(name, out var normalized, out var reason), reason);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("mail.*.contoso.com")]
    [InlineData("*")]
    [InlineData("*.com")]
    [InlineData("exchange01")]
    [InlineData("Contoso Mail Server")]
    [InlineData("")]
    public void RefusesCertificateNamesThatAreNotDnsNames(string name)
    {
        Assert.False(CertificateNameMatcher.TryNormalizeCertificateName(name, out _, out _));
    }

    [Theory]
    [InlineData("mail.contoso.com", "contoso.com", true)]
    [InlineData("contoso.com", "contoso.com", true)]
    [InlineData("a.b.contoso.com", "contoso.com", true)]
    [InlineData("*.contoso.com", "contoso.com", true)]
    [InlineData("mail.contoso.com", "*.contoso.com", true)]
    [InlineData("mail.fabrikam.com", "contoso.com", false)]
    [InlineData("mailcontoso.com", "contoso.com", false)]
    [InlineData("contoso.com", "mail.contoso.com", false)]
    public void WithinDomain(string name, string domain, bool expected)
    {
        Assert.Equal(expected, CertificateNameMatcher.IsWithinDomain(name, domain));
    }
}
