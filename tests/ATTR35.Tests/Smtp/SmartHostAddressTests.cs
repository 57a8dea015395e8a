using ATTR35.Smtp;
using Xunit;

namespace ATTR35.Tests.Smtp;

public class SmartHostAddressTests
{
    [Theory]
    // input, Host, Address?, Port (0 = none), Bracketed, UseMxLookup, canonical form
    [InlineData("contoso.mail.onmicrosoft.com", "contoso.mail.onmicrosoft.com", false, 0, false, true, "contoso.mail.onmicrosoft.com")]
    [InlineData("Contoso-com.MAIL.protection.outlook.com.", "contoso-com.mail.protection.outlook.com", false, 0, false, true, "contoso-com.mail.protection.outlook.com")]
    [InlineData("  relay.contoso.com  ", "relay.contoso.com", false, 0, false, true, "relay.contoso.com")]
    [InlineData("relay.contoso.com\t\r\n", "relay.contoso.com", false, 0, false, true, "relay.contoso.com")] // pasted from a spreadsheet
    [InlineData("relay.contoso.com:25", "relay.contoso.com", false, 25, false, true, "relay.contoso.com:25")]
    [InlineData("relay.contoso.com:2525", "relay.contoso.com", false, 2525, false, true, "relay.contoso.com:2525")]
    [InlineData("relay.contoso.com:65535", "relay.contoso.com", false, 65535, false, true, "relay.contoso.com:65535")]
    [InlineData("relay.contoso.com:1", "relay.contoso.com", false, 1, false, true, "relay.contoso.com:1")]
    [InlineData("[relay.contoso.com]", "relay.contoso.com", false, 0, true, false, "[relay.contoso.com]")]
    [InlineData("[Relay.Contoso.com.]:587", "relay.contoso.com", false, 587, true, false, "[relay.contoso.com]:587")]
    [InlineData("[192.0.2.1]", "192.0.2.1", true, 0, true, false, "[192.0.2.1]")]
    [InlineData("[192.0.2.1]:25", "192.0.2.1", true, 25, true, false, "[192.0.2.1]:25")]
    [InlineData("192.0.2.1", "192.0.2.1", true, 0, false, false, "192.0.2.1")]
    [InlineData("192.0.2.1:25", "192.0.2.1", true, 25, false, false, "192.0.2.1:25")]
    [InlineData("[2001:db8::1]", "2001:db8::1", true, 0, true, false, "[2001:db8::1]")]
    [InlineData("[2001:DB8:0::1]:25", "2001:db8::1", true, 25, true, false, "[2001:db8::1]:25")]
    [InlineData("2001:db8::1", "2001:db8::1", true, 0, false, false, "2001:db8::1")]
    [InlineData("::1", "::1", true, 0, false, false, "::1")]
    [InlineData("[IPv6:2001:db8::1]", "2001:db8::1", true, 0, true, false, "[2001:db8::1]")]
    [InlineData("[ipv6:2001:db8::1]:2525", "2001:db8::1", true, 2525, true, false, "[2001:db8::1]:2525")]
    [InlineData("bücher.example", "xn--bcher-kva.example", false, 0, false, true, "xn--bcher-kva.example")]
    [InlineData("[bücher.example]:25", "xn--bcher-kva.example", false, 25, true, false, "[xn--bcher-kva.example]:25")]
    [InlineData("smtp.office365.com:587", "smtp.office365.com", false, 587, false, true, "smtp.office365.com:587")]
    [InlineData("smtp.contoso.com", "smtp.contoso.com", false, 0, false, true, "smtp.contoso.com")]
    public void Parses_the_forms_admins_write(string input, string host, bool isAddress, int port, bool bracketed, bool mx, string canonical)
    {
        Assert.True(SmartHostAddress.TryParse(input, out var parsed, out var error), error);
        Assert.NotNull(parsed);
        Assert.Equal(string.Empty, error);
        Assert.Equal(host, parsed!.Host);
        Assert.Equal(isAddress, parsed.Address is not null);
        if (isAddress)
        {
            Assert.Equal(host, parsed.Address!.ToString());
        }

        Assert.Equal(port == 0 ? null : port, parsed.Port);
        Assert.Equal(bracketed, parsed.Bracketed);
        Assert.Equal(mx, parsed.UseMxLookup);
        Assert.Equal(canonical, parsed.ToString());
    }

    [Theory]
    // input, a fragment the error must contain (it tells the admin what to do)
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("relay.contoso.com 25", "white space")]
    [InlineData("relay .contoso.com", "white space")]
    [InlineData("relay.contoso.com\r\nRCPT TO:<x@y>", "control character")]
    [InlineData("relay\t.contoso.com", "control character")]
    [InlineData("relay\u0000.contoso.com", "control character")]
    [InlineData("smtp://relay.contoso.com", "drop the 'smtp://' prefix")]
    [InlineData("SMTPS://relay.contoso.com:465", "drop the 'SMTPS://' prefix")]
    [InlineData("tcp://192.0.2.1:25", "drop the 'tcp://' prefix")]
    [InlineData("SMTP:contoso.mail.onmicrosoft.com;1", "address space")]
    [InlineData("smtp:*", "address space")]
    [InlineData("a.contoso.com,b.contoso.com", "several hosts")]
    [InlineData("a.contoso.com;b.contoso.com", "several hosts")]
    [InlineData("user@relay.contoso.com", "not a mail address")]
    [InlineData("192.0.2.0/24", "slash")]
    [InlineData("*.contoso.com", "wildcard")]
    [InlineData("[relay.contoso.com", "no closing ']'")]
    [InlineData("relay.contoso.com]", "']' without '['")]
    [InlineData("[[relay.contoso.com]]", "unbalanced")]
    [InlineData("[relay.contoso.com]]", "unbalanced")]
    [InlineData("[relay.contoso.com]:25]", "unbalanced")]
    [InlineData("[]", "nothing between")]
    [InlineData("[]:25", "nothing between")]
    [InlineData("[relay.contoso.com]25", "only ':port' may follow")]
    [InlineData("[relay.contoso.com]x", "only ':port' may follow")]
    [InlineData("relay.contoso.com:", "port after ':' is missing")]
    [InlineData("[relay.contoso.com]:", "port after ':' is missing")]
    [InlineData(":25", "host before ':' is missing")]
    [InlineData("relay.contoso.com:0", "outside 1 to 65535")]
    [InlineData("relay.contoso.com:65536", "outside 1 to 65535")]
    [InlineData("relay.contoso.com:99999999999", "outside 1 to 65535")]
    [InlineData("relay.contoso.com:00000000025", "outside 1 to 65535")]
    [InlineData("relay.contoso.com:smtp", "not a number")]
    [InlineData("relay.contoso.com:-25", "not a number")]
    [InlineData("relay.contoso.com:+25", "not a number")]
    [InlineData("[192.0.2.1]:0", "outside 1 to 65535")]
    [InlineData("relay.contoso.com:25:25", "more than one ':'")]
    [InlineData("relay.contoso.com:25:", "more than one ':'")]
    [InlineData("2001:db8::1::2", "not a valid IPv6 address")]
    [InlineData("2001:db8:::1", "not a valid IPv6 address")]
    [InlineData("fe80::1%eth0", "zone index")]
    [InlineData("[fe80::1%3]:25", "zone index")]
    [InlineData("[2001:db8::zz]", "not a valid IPv6 address")]
    [InlineData("[2001:db8::1:25", "no closing ']'")]
    [InlineData("[IPv6:192.0.2.1]", "after 'IPv6:' is not an IPv6 address")]
    [InlineData("[IPv6:relay.contoso.com]", "after 'IPv6:' is not an IPv6 address")]
    [InlineData("[IPv6:]", "after 'IPv6:' is not an IPv6 address")]
    [InlineData("[192.0.2.300]", "neither a valid IPv4 address")]
    [InlineData("[192.0.2]", "neither a valid IPv4 address")]
    [InlineData("[10.1]:25", "neither a valid IPv4 address")]
    [InlineData("[192.000.2.1]", "neither a valid IPv4 address")]
    [InlineData("192.0.2.256", "neither a valid IPv4 address")]
    [InlineData("192.0.2.1.5", "neither a valid IPv4 address")]
    [InlineData("1234", "neither a valid IPv4 address")]
    [InlineData("mail.123", "neither a valid IPv4 address")]
    [InlineData("relay", "single-label name")]
    [InlineData("[relay]:25", "single-label name")]
    [InlineData("localhost:25", "single-label name")]
    [InlineData("relay..contoso.com", "not a valid host name")]
    [InlineData("-relay.contoso.com", "not a valid host name")]
    [InlineData("relay-.contoso.com", "not a valid host name")]
    [InlineData("re!ay.contoso.com", "not a valid host name")]
    public void Refuses_malformed_input_with_a_useful_error(string? input, string fragment)
    {
        Assert.False(SmartHostAddress.TryParse(input, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains(fragment, error, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_longer_than_63_is_refused()
    {
        var host = new string('a', 64) + ".contoso.com";
        Assert.False(SmartHostAddress.TryParse(host, out _, out var error));
        Assert.Contains("not a valid host name", error, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_IPv6_address_takes_no_port()
    {
        // "2001:db8::1:25" is itself a valid address: without brackets no port can be told apart.
        Assert.True(SmartHostAddress.TryParse("2001:db8::1:25", out var parsed, out _));
        Assert.Null(parsed!.Port);
        Assert.Equal("2001:db8::1:25", parsed.Host);
    }

    [Fact]
    public void The_canonical_form_parses_back_to_the_same_smart_host()
    {
        foreach (var input in new[] { "a.contoso.com", "a.contoso.com:26", "[a.contoso.com]", "[a.contoso.com]:26", "192.0.2.1", "[192.0.2.1]:25", "[2001:db8::1]:25", "2001:db8::1", "[IPv6:2001:db8::5]" })
        {
            Assert.True(SmartHostAddress.TryParse(input, out var first, out _), input);
            Assert.True(SmartHostAddress.TryParse(first!.ToString(), out var second, out _), first.ToString());
            Assert.Equal(first.Host, second!.Host);
            Assert.Equal(first.Port, second.Port);
            Assert.Equal(first.UseMxLookup, second.UseMxLookup);
            Assert.Equal(first.Address, second.Address);
        }
    }
}
