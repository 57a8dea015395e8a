using ATTR35.Base;
using Xunit;

namespace ATTR35.Tests.Base;

/// <summary>
/// Names that come in DNS answers (MX targets, CNAME targets) are judged by
/// <see cref="DomainNameValidator.IsAnswerName"/> before they are asked for: what a server may
/// legally send is asked, garbage is reported.
/// </summary>
public class AnswerNameTests
{
    [Theory]
    [InlineData("contoso-com.mail.protection.outlook.com.")]
    [InlineData("CONTOSO-com.Mail.Protection.Outlook.com")]
    [InlineData("localhost")]
    [InlineData("_dmarc.contoso.com")]
    [InlineData("-edge.contoso.com")]
    [InlineData("mx1.123")]
    public void Names_DNS_allows_are_asked(string name) => Assert.True(DomainNameValidator.IsAnswerName(name));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("a..contoso.com")]
    [InlineData(".contoso.com")]
    [InlineData("mail\\032server.contoso.com")]
    [InlineData("mail server.contoso.com")]
    [InlineData("mail\u0007.contoso.com")]
    [InlineData("b\u00FCcher.example")]
    public void Garbage_is_not_asked(string name) => Assert.False(DomainNameValidator.IsAnswerName(name));

    [Fact]
    public void Labels_of_63_and_names_of_253_are_the_limits()
    {
        var label63 = new string('a', 63);
        Assert.True(DomainNameValidator.IsAnswerName(label63 + ".contoso.com"));
        Assert.False(DomainNameValidator.IsAnswerName(label63 + "a.contoso.com"));

        var name253 = string.Join(".", new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 61));
        Assert.Equal(253, name253.Length);
        Assert.True(DomainNameValidator.IsAnswerName(name253));
        Assert.True(DomainNameValidator.IsAnswerName(name253 + "."));
        Assert.False(DomainNameValidator.IsAnswerName(name253 + "e"));
    }
}
