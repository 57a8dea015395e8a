using System;
using ATTR35.Connectors;
using Xunit;

namespace ATTR35.Tests.Connectors;

public class SenderCertificateTests
{
    [Fact]
    public void ReadsSubjectCnAndSanDnsNames()
    {
        using var certificate = TestCertificates.Create("CN=Mail.Contoso.com, O=\"Contoso, Ltd\", C=US", new[] { "mail.contoso.com", "smtp.contoso.com", "*.contoso.net" });
        var facts = SenderCertificate.FromCertificate(certificate, "-Certificate");
        Assert.Equal(new[] { "Mail.Contoso.com" }, facts.CommonNames);
        Assert.Equal(new[] { "mail.contoso.com", "smtp.contoso.com", "*.contoso.net" }, facts.DnsNames);
        Assert.Equal(new[] { "mail.contoso.com", "smtp.contoso.com", "*.contoso.net" }, facts.Names);
        Assert.Equal("mail.contoso.com", facts.DisplayName);
        Assert.Equal("-Certificate", facts.Source);
        Assert.Equal(certificate.Thumbprint, facts.Thumbprint);
        Assert.Equal(DateTimeKind.Utc, facts.NotAfter.Kind);
    }

    [Fact]
    public void ACnThatIsNoDnsNameIsLeftOut()
    {
        using var certificate = TestCertificates.Create("CN=Contoso Mail Server", new[] { "mail.contoso.com" });
        Assert.Equal(new[] { "mail.contoso.com" }, SenderCertificate.FromCertificate(certificate, "x").Names);
    }

    [Fact]
    public void AnIdnSanIsComparedInAscii()
    {
        using var certificate = TestCertificates.Create("CN=mail.xn--bcher-kva.example", Array.Empty<string>());
        Assert.Equal(new[] { "mail.xn--bcher-kva.example" }, SenderCertificate.FromCertificate(certificate, "x").Names);
    }

    [Fact]
    public void ACertificateWithoutDnsNamesHasNoNames()
    {
        using var certificate = TestCertificates.Create("O=Contoso", Array.Empty<string>());
        var facts = SenderCertificate.FromCertificate(certificate, "x");
        Assert.Empty(facts.Names);
        Assert.Equal(facts.Subject, facts.DisplayName);
    }
}
