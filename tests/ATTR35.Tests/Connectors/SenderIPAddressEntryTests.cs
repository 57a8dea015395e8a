using ATTR35.Connectors;
using Xunit;
using ATTR35.Base;

namespace ATTR35.Tests.Connectors;

public class SenderIPAddressEntryTests
{
    [Theory]
    [InlineData("203.0.113.25", "203.0.113.25")]
    [InlineData(" 203.0.113.25 ", "203.0.113.25")]
    [InlineData("203.0.113.0/24", "203.0.113.0/24")]
    [InlineData("203.0.113.25/32", "203.0.113.25")]
    [InlineData("203.0.113.128/25", "203.0.113.128/25")]
    [InlineData("192.0.2.5/24", "192.0.2.0/24")]
    public void AcceptsWhatExchangeOnlineAccepts(string text, string normalized)
    {
        var entry = SenderIPAddressEntry.Parse(text);
        Assert.True(entry.IsAccepted, entry.Reason);
        Assert.Equal(SenderIPAddressProblem.None, entry.Problem);
        Assert.Equal(normalized, entry.Normalized);
    }

    [Fact]
    public void HostBitsAreAcceptedAndTheBlockMatches()
    {
        // Exchange's IPRange clears host bits; Microsoft's own example is 192.168.0.1/25.
        var entry = SenderIPAddressEntry.Parse("192.0.2.5/24");
        Assert.True(entry.IsAccepted);
        Assert.True(entry.HostBitsSet);
        Assert.True(IpLiteral.TryParseIPv4("192.0.2.200", out var inside));
        Assert.True(entry.Range!.Contains(inside));
        Assert.False(SenderIPAddressEntry.Parse("192.0.2.0/24").HostBitsSet);
    }

    [Theory]
    [InlineData("2001:db8::25", SenderIPAddressProblem.IPv6)]
    [InlineData("2001:db8::/64", SenderIPAddressProblem.IPv6)]
    [InlineData("::ffff:203.0.113.25", SenderIPAddressProblem.IPv6)]
    [InlineData("203.0.113.0/23", SenderIPAddressProblem.PrefixTooShort)]
    [InlineData("203.0.0.0/16", SenderIPAddressProblem.PrefixTooShort)]
    [InlineData("0.0.0.0/0", SenderIPAddressProblem.PrefixTooShort)]
    [InlineData("203.0.113.1-203.0.113.20", SenderIPAddressProblem.AddressRange)]
    [InlineData("203.0.113.0(255.255.255.0)", SenderIPAddressProblem.Netmask)]
    [InlineData("203.0.113.0/33", SenderIPAddressProblem.Malformed)]
    [InlineData("203.0.113.0/", SenderIPAddressProblem.Malformed)]
    [InlineData("203.0.113.0/2a", SenderIPAddressProblem.Malformed)]
    [InlineData("203.0.113.300", SenderIPAddressProblem.Malformed)]
    [InlineData("203.0.113", SenderIPAddressProblem.Malformed)]
    [InlineData("010.0.0.1", SenderIPAddressProblem.Malformed)]
    [InlineData("mail.contoso.com", SenderIPAddressProblem.Malformed)]
    [InlineData("203.0.113.20-203.0.113.1", SenderIPAddressProblem.Malformed)]
    [InlineData("", SenderIPAddressProblem.Malformed)]
    [InlineData("fe80::1:2:3:zz", SenderIPAddressProblem.Malformed)]
    public void RefusesWhatExchangeOnlineRefuses(string text, object problem)
    {
        // object: the enum is internal, and a public test method cannot name it.
        var entry = SenderIPAddressEntry.Parse(text);
        Assert.False(entry.IsAccepted);
        Assert.Equal((SenderIPAddressProblem)problem, entry.Problem);
        Assert.False(string.IsNullOrEmpty(entry.Reason));
    }

    [Fact]
    public void RefusedEntriesKeepTheirRangeForLint()
    {
        Assert.Equal("10.0.0.0/16", SenderIPAddressEntry.Parse("10.0.0.0/16").Range!.ToString());
        Assert.Equal("203.0.113.1-203.0.113.20", SenderIPAddressEntry.Parse("203.0.113.1-203.0.113.20").Range!.ToString());
        Assert.Equal("203.0.113.0/24", SenderIPAddressEntry.Parse("203.0.113.7(255.255.255.0)").Range!.ToString());
        Assert.Null(SenderIPAddressEntry.Parse("2001:db8::1").Range);
    }

    [Fact]
    public void LeadingZerosAreCalledAmbiguous()
    {
        Assert.Contains("leading zeros", SenderIPAddressEntry.Parse("203.0.113.025").Reason);
    }
}
