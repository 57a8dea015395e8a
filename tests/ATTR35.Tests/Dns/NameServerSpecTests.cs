using ATTR35.Dns;
using Xunit;
using ATTR35.Base;

namespace ATTR35.Tests.Dns;

public class NameServerSpecTests
{
    [Theory]
    [InlineData("192.0.2.53", "192.0.2.53", 53)]
    [InlineData("192.0.2.53:5300", "192.0.2.53", 5300)]
    [InlineData("[2001:db8::53]:53", "2001:db8::53", 53)]
    [InlineData("[2001:db8::53]", "2001:db8::53", 53)]
    [InlineData("2001:db8::53", "2001:db8::53", 53)]
    [InlineData("ns1.contoso.com", "ns1.contoso.com", 53)]
    [InlineData("NS1.Contoso.com.:5353", "ns1.contoso.com", 5353)]
    public void Parses(string text, string host, int port)
    {
        Assert.True(NameServerSpec.TryParse(text, out var spec, out var error), error);
        Assert.Equal(host, spec!.Host);
        Assert.Equal(port, spec.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[::1")]
    [InlineData("192.0.2.53:0")]
    [InlineData("192.0.2.53:65536")]
    [InlineData("192.0.2.53:x")]
    [InlineData("[::1]x")]
    [InlineData("bad..name")]
    public void Refuses(string text)
    {
        Assert.False(NameServerSpec.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}

public class DomainNameValidatorTests
{
    [Theory]
    [InlineData("contoso.com", "contoso.com")]
    [InlineData("Contoso.COM.", "contoso.com")]
    [InlineData(" contoso.com ", "contoso.com")]
    [InlineData("*.contoso.com", "contoso.com")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("_dmarc.contoso.com", "_dmarc.contoso.com")]
    public void Normalises(string input, string ascii)
    {
        Assert.True(DomainNameValidator.TryNormalize(input, out var result, out var reason), reason);
        Assert.Equal(ascii, result);
    }

    [Theory]
    [InlineData("")]
    [InlineData("contoso")]
    [InlineData("bad..domain")]
    [InlineData("-contoso.com")]
    [InlineData("contoso-.com")]
    [InlineData("con toso.com")]
    [InlineData("contoso.com\r\nMAIL FROM:<a@b>")]
    [InlineData("contoso.com\0")]
    [InlineData("con/toso.com")]
    public void Refuses(string input) => Assert.False(DomainNameValidator.TryNormalize(input, out _, out _));

    [Fact]
    public void Refuses_labels_longer_than_63() => Assert.False(DomainNameValidator.TryNormalize(new string('a', 64) + ".com", out _, out _));

    [Fact]
    public void Refuses_names_longer_than_253()
    {
        var name = string.Join(".", System.Linq.Enumerable.Repeat(new string('a', 60), 5));
        Assert.False(DomainNameValidator.TryNormalize(name, out _, out _));
    }
}
