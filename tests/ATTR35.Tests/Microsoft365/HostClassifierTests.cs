using ATTR35.Microsoft365;
using Xunit;
using ATTR35.Base;

namespace ATTR35.Tests.Microsoft365;

public class HostClassifierTests
{
    [Theory]
    [InlineData("contoso-com.mail.protection.outlook.com", "contoso-com")]
    [InlineData("CONTOSO-COM.MAIL.PROTECTION.OUTLOOK.COM.", "contoso-com")]
    [InlineData("octobot-io01b.mail.protection.outlook.com", "octobot-io01b")]
    [InlineData("contoso-com01c.mail.protection.outlook.com", "contoso-com01c")]
    [InlineData("contoso-com0i.mail.protection.outlook.com", "contoso-com0i")]
    [InlineData("a.mail.protection.outlook.com", "a")]
    public void Worldwide_tenant_hosts(string host, string token)
    {
        var c = HostClassifier.Classify(host);
        Assert.Equal(HostKind.Microsoft365, c.Kind);
        Assert.Equal(Cloud.Worldwide, c.Cloud);
        Assert.Equal(token, c.Token);
        Assert.False(c.IsDnssecHost);
    }

    [Theory]
    [InlineData("contosotest-com.o-v1.mx.microsoft", "contosotest-com")]
    [InlineData("contoso-com.a-v1.mx.microsoft", "contoso-com")]
    [InlineData("contoso-com.b-v1.mx.microsoft.", "contoso-com")]
    [InlineData("contoso-com.c-v1.mx.microsoft", "contoso-com")]
    [InlineData("contoso-com.i-v1.mx.microsoft", "contoso-com")]
    [InlineData("contoso-com.l-v1.mx.microsoft", "contoso-com")]
    [InlineData("contoso-com.p-v1.mx.microsoft", "contoso-com")]
    [InlineData("contoso-com.z-v12.mx.microsoft", "contoso-com")]
    [InlineData("octobot-io01b.o-v1.mx.microsoft", "octobot-io01b")]
    public void Dnssec_tenant_hosts(string host, string token)
    {
        var c = HostClassifier.Classify(host);
        Assert.Equal(HostKind.Microsoft365, c.Kind);
        Assert.Equal(Cloud.Worldwide, c.Cloud);
        Assert.Equal(token, c.Token);
        Assert.True(c.IsDnssecHost);
    }

    [Theory]
    [InlineData("contoso-com.o-v1.mx.microsoft.com")] // .microsoft.com is not the DNSSEC TLD
    [InlineData("contoso-com.ov1.mx.microsoft")]
    [InlineData("contoso-com.oo-v1.mx.microsoft")]
    [InlineData("contoso-com.o-v.mx.microsoft")]
    [InlineData("x.contoso-com.mail.protection.outlook.com")]
    [InlineData("mail.protection.outlook.com")]
    [InlineData("-bad.mail.protection.outlook.com")]
    [InlineData("mail.contoso.com")]
    [InlineData("contoso.mail.onmicrosoft.com")]
    public void Not_tenant_hosts(string host)
    {
        Assert.Equal(HostKind.Other, HostClassifier.Classify(host).Kind);
        Assert.Equal(Cloud.None, HostClassifier.Classify(host).Cloud);
    }

    [Theory]
    [InlineData("contoso.mail.protection.office365.us", Cloud.USGovernment)]
    [InlineData("contoso-com.mail.protection.partner.outlook.cn", Cloud.China)]
    public void Sovereign_tenant_hosts(string host, Cloud cloud)
    {
        var c = HostClassifier.Classify(host);
        Assert.Equal(HostKind.Microsoft365, c.Kind);
        Assert.Equal(cloud, c.Cloud);
    }

    [Theory]
    [InlineData("mail.messaging.microsoft.com", Cloud.Worldwide)]
    [InlineData("mail.global.frontbridge.com", Cloud.Worldwide)]
    [InlineData("mail.eo.outlook.com", Cloud.Worldwide)]
    [InlineData("mail.outlook.com", Cloud.Worldwide)]
    [InlineData("MAIL.GLOBAL.BIGFISH.COM.", Cloud.Worldwide)]
    [InlineData("contoso-com.mail.protection.outlook.de", Cloud.Germany)]
    public void Legacy_names(string host, Cloud cloud)
    {
        var c = HostClassifier.Classify(host);
        Assert.Equal(HostKind.Microsoft365Legacy, c.Kind);
        Assert.Equal(cloud, c.Cloud);
    }

    [Theory]
    [InlineData("smtp.office365.com", Cloud.Worldwide)]
    [InlineData("smtp-legacy.office365.com", Cloud.Worldwide)]
    [InlineData("smtp.hve.mx.microsoft", Cloud.Worldwide)]
    [InlineData("eur.olc.protection.outlook.com", Cloud.Worldwide)]
    [InlineData("nam.olc.protection.outlook.com", Cloud.Worldwide)]
    [InlineData("smtp.office365.us", Cloud.USGovernment)]
    [InlineData("smtp.partner.outlook.cn", Cloud.China)]
    public void Client_submission_hosts(string host, Cloud cloud)
    {
        var c = HostClassifier.Classify(host);
        Assert.Equal(HostKind.Microsoft365ClientSubmission, c.Kind);
        Assert.Equal(cloud, c.Cloud);
    }

    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("[192.0.2.1]", "192.0.2.1")]
    [InlineData("192.0.2.1.", "192.0.2.1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("[2001:DB8::1]", "2001:db8::1")]
    public void Ip_literals(string host, string normalised)
    {
        var c = HostClassifier.Classify(host);
        Assert.Equal(HostKind.IpLiteral, c.Kind);
        Assert.Equal(normalised, c.Host);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.256")]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.4.5")]
    [InlineData("fe80::1%eth0")]
    public void Not_ip_literals(string text) => Assert.False(IpLiteral.TryParse(text, out _));

    [Theory]
    [InlineData(".")]
    [InlineData("")]
    public void Null_mx(string host) => Assert.Equal(HostKind.NullMx, HostClassifier.Classify(host).Kind);

    [Theory]
    [InlineData("contoso.com", "contoso-com")]
    [InlineData("octo-bot.io", "octobot-io")]
    [InlineData("Sub.Contoso.co.uk.", "sub-contoso-co-uk")]
    public void Token_hint_removes_hyphens_and_turns_dots_into_hyphens(string domain, string token) =>
        Assert.Equal(token, HostClassifier.TokenHint(domain));

    [Fact]
    public void Dnssec_pair_of_one_token_is_the_same_tenant_host()
    {
        var classic = HostClassifier.Classify("contoso-com.mail.protection.outlook.com");
        var dnssec = HostClassifier.Classify("contoso-com.o-v1.mx.microsoft");
        var other = HostClassifier.Classify("contoso-com01b.o-v1.mx.microsoft");
        Assert.True(classic.IsDnssecPartnerOf(dnssec));
        Assert.True(dnssec.IsDnssecPartnerOf(classic));
        Assert.False(classic.IsDnssecPartnerOf(other));
        Assert.False(classic.IsDnssecPartnerOf(classic));
        Assert.True(HostClassifier.IsSameTenantHost(classic, dnssec));
        Assert.False(HostClassifier.IsSameTenantHost(classic, other));
    }
}
