using ATTR35.Connectors;
using Xunit;

namespace ATTR35.Tests.Connectors;

public class ExchangeCertificateNameTests
{
    [Theory]
    [InlineData("<I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com", "mail.contoso.com")]
    [InlineData("<i>CN=R3, O=Let's Encrypt, C=US<s>CN=mail.contoso.com", "mail.contoso.com")]
    [InlineData("<I>CN=Contoso CA, DC=contoso, DC=com<S>CN=mail.contoso.com, OU=IT, O=\"Contoso, Ltd\", L=Redmond, S=WA, C=US", "mail.contoso.com")]
    [InlineData("<I>CN=CA<S>OU=IT, CN=smtp.contoso.com, O=Contoso", "smtp.contoso.com")]
    [InlineData("<I>CN=CA<S>cn=smtp.contoso.com", "smtp.contoso.com")]
    [InlineData("<I>CN=CA<S>CN=\"mail.contoso.com\", O=Contoso", "mail.contoso.com")]
    [InlineData("<I>CN=CA<S> CN = mail.contoso.com ; O=Contoso", "mail.contoso.com")]
    [InlineData("<I>CN=CA<S>OID.2.5.4.3=mail.contoso.com", "mail.contoso.com")]
    [InlineData("<I>CN=CA<S>2.5.4.3=mail.contoso.com", "mail.contoso.com")]
    [InlineData("<S>CN=mail.contoso.com", "mail.contoso.com")]
    [InlineData("CN=mail.contoso.com, O=Contoso", "mail.contoso.com")]
    [InlineData("<I>CN=Issuer\\, Inc<S>CN=mail.contoso.com", "mail.contoso.com")]
    [InlineData("<I>CN=CA<S>CN=mail.contoso.com+O=Contoso", "mail.contoso.com")]
    [InlineData("<I>CN=CA<S>CN=*.contoso.com", "*.contoso.com")]
    public void TakesTheSubjectCn(string text, string commonName)
    {
        Assert.True(ExchangeCertificateName.IsDistinguishedNameForm(text));
        Assert.True(ExchangeCertificateName.TryParse(text, out var name, out var reason), reason);
        Assert.Equal(commonName, name!.CommonNames[0]);
    }

    [Fact]
    public void KeepsIssuerAndSubject()
    {
        Assert.True(ExchangeCertificateName.TryParse("<I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com, O=Contoso", out var name, out _));
        Assert.Equal("CN=R3, O=Let's Encrypt, C=US", name!.Issuer);
        Assert.Equal("CN=mail.contoso.com, O=Contoso", name.Subject);
    }

    [Fact]
    public void IssuerCnIsNotTaken()
    {
        Assert.False(ExchangeCertificateName.TryParse("<I>CN=mail.contoso.com<S>O=Contoso", out _, out var reason));
        Assert.Contains("no CN=", reason);
    }

    [Fact]
    public void UnescapesHexPairsAsUtf8()
    {
        Assert.True(ExchangeCertificateName.TryParse("<I>CN=CA<S>CN=b\\C3\\BCcher.example", out var name, out _));
        Assert.Equal("bücher.example", name!.CommonNames[0]);
    }

    [Fact]
    public void TakesEveryCn()
    {
        Assert.True(ExchangeCertificateName.TryParse("<I>CN=CA<S>CN=mail.contoso.com, CN=smtp.contoso.com", out var name, out _));
        Assert.Equal(new[] { "mail.contoso.com", "smtp.contoso.com" }, name!.CommonNames);
    }

    [Theory]
    [InlineData("<I>CN=CA")]
    [InlineData("<I>CN=CA<S>")]
    [InlineData("<I>CN=CA<S>O=Contoso, C=US")]
    [InlineData("<X>CN=mail.contoso.com")]
    [InlineData("<I>CN=CA<S>CN=\"mail.contoso.com")]
    [InlineData("<I>CN=CA<S>mail.contoso.com")]
    public void RefusesWithAReason(string text)
    {
        Assert.False(ExchangeCertificateName.TryParse(text, out var name, out var reason));
        Assert.Null(name);
        Assert.NotEmpty(reason);
    }

    [Theory]
    [InlineData("mail.contoso.com")]
    [InlineData("*.contoso.com")]
    public void DnsNamesAreNotDistinguishedNames(string text)
    {
        Assert.False(ExchangeCertificateName.IsDistinguishedNameForm(text));
    }
}
