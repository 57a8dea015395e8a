using System.Linq;
using ATTR35.Connectors;
using Xunit;
using ATTR35.Base;

namespace ATTR35.Tests.Connectors;

public class Ipv4RangeTests
{
    [Theory]
    [InlineData("0.0.0.0", 0u)]
    [InlineData("203.0.113.25", 0xCB007119u)]
    [InlineData("255.255.255.255", 0xFFFFFFFFu)]
    public void ParsesDottedQuads(string text, uint expected)
    {
        Assert.True(IpLiteral.TryParseIPv4(text, out var address));
        Assert.Equal(expected, address);
        Assert.Equal(text, IpLiteral.FormatIPv4(address));
    }

    [Theory]
    [InlineData("")]
    [InlineData("203.0.113")]
    [InlineData("203.0.113.25.1")]
    [InlineData("203.0.113.256")]
    [InlineData("010.0.0.1")]
    [InlineData("10.0.0.01")]
    [InlineData("1234.0.0.1")]
    [InlineData("203.0.113.-1")]
    [InlineData(" 203.0.113.25")]
    [InlineData("203.0.113.2a")]
    [InlineData("::1")]
    [InlineData(null)]
    public void RefusesAnythingButAStrictDottedQuad(string? text)
    {
        Assert.False(IpLiteral.TryParseIPv4(text, out _));
    }

    [Fact]
    public void CidrClearsHostBits()
    {
        Assert.True(IpLiteral.TryParseIPv4("192.0.2.5", out var address));
        var range = Ipv4Range.FromCidr(address, 24);
        Assert.Equal("192.0.2.0/24", range.ToString());
        Assert.Equal(256UL, range.Size);
    }

    [Theory]
    [InlineData("203.0.113.0", 24, "203.0.113.0", true)]
    [InlineData("203.0.113.0", 24, "203.0.113.255", true)]
    [InlineData("203.0.113.0", 24, "203.0.112.255", false)]
    [InlineData("203.0.113.0", 24, "203.0.114.0", false)]
    [InlineData("203.0.113.25", 32, "203.0.113.25", true)]
    [InlineData("203.0.113.25", 32, "203.0.113.24", false)]
    [InlineData("203.0.113.25", 32, "203.0.113.26", false)]
    [InlineData("203.0.113.128", 25, "203.0.113.127", false)]
    [InlineData("203.0.113.128", 25, "203.0.113.128", true)]
    [InlineData("0.0.0.0", 0, "255.255.255.255", true)]
    public void ContainsAtTheEdges(string network, int prefix, string address, bool expected)
    {
        Assert.True(IpLiteral.TryParseIPv4(network, out var n));
        Assert.True(IpLiteral.TryParseIPv4(address, out var a));
        Assert.Equal(expected, Ipv4Range.FromCidr(n, prefix).Contains(a));
    }

    [Fact]
    public void OverlapAndCover()
    {
        var block = Ipv4Range.FromCidr(0xCB007100, 24);
        var single = Ipv4Range.Single(0xCB007119);
        var next = Ipv4Range.FromCidr(0xCB007200, 24);
        Assert.True(block.Overlaps(single));
        Assert.True(single.Overlaps(block));
        Assert.True(block.Covers(single));
        Assert.False(single.Covers(block));
        Assert.False(block.Overlaps(next));
        Assert.True(Ipv4Range.FromBounds(0xCB0071F0, 0xCB007210).Overlaps(next));
    }

    [Fact]
    public void SingleAddressPrintsWithoutPrefix()
    {
        Assert.Equal("203.0.113.25", Ipv4Range.Single(0xCB007119).ToString());
        Assert.Equal("203.0.113.25", Ipv4Range.FromCidr(0xCB007119, 32).ToString());
        Assert.Equal("203.0.113.1-203.0.113.9", Ipv4Range.FromBounds(0xCB007101, 0xCB007109).ToString());
    }

    [Theory]
    [InlineData("192.0.2.0", "192.0.2.255", "192.0.2.0/24")]
    [InlineData("192.0.2.1", "192.0.2.1", "192.0.2.1")]
    [InlineData("192.0.2.0", "192.0.3.255", "192.0.2.0/23")]
    [InlineData("192.0.2.1", "192.0.2.6", "192.0.2.1,192.0.2.2/31,192.0.2.4/31,192.0.2.6")]
    [InlineData("192.0.2.128", "192.0.3.127", "192.0.2.128/25,192.0.3.0/25")]
    [InlineData("0.0.0.0", "255.255.255.255", "0.0.0.0/0")]
    public void CidrBlocksOfARange(string first, string last, string expected)
    {
        Assert.True(IpLiteral.TryParseIPv4(first, out var f));
        Assert.True(IpLiteral.TryParseIPv4(last, out var l));
        Assert.Equal(expected, string.Join(",", Ipv4Range.ToCidrBlocks(f, l).Select(b => b.ToString())));
    }
}
