using ATTR35.Connectors;
using Xunit;
using ATTR35.Base;

namespace ATTR35.Tests.Connectors;

public class ReservedIPv4RangesTests
{
    [Theory]
    [InlineData("10.0.0.1", "private")]
    [InlineData("10.255.255.255", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.10", "private")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("169.254.10.20", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.255", "carrier-grade NAT")]
    [InlineData("0.1.2.3", "this network")]
    [InlineData("224.0.0.5", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    public void FlagsAddressesThatNeverReachExchangeOnline(string text, string kind)
    {
        Assert.True(IpLiteral.TryParseIPv4(text, out var address));
        Assert.True(ReservedIPv4Ranges.TryDescribe(address, out var description));
        Assert.Contains(kind, description);
    }

    [Theory]
    [InlineData("192.0.2.25")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.25")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("11.0.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("40.92.0.1")]
    public void LeavesPublicAndDocumentationAddressesAlone(string text)
    {
        Assert.True(IpLiteral.TryParseIPv4(text, out var address));
        Assert.False(ReservedIPv4Ranges.TryDescribe(address, out _));
    }

    [Fact]
    public void ARangeTouchingAPrivateBlockIsFlagged()
    {
        var straddling = Ipv4Range.FromBounds(0x0AFFFFF0, 0x0B000010); // 10.255.255.240-11.0.0.16
        Assert.True(ReservedIPv4Ranges.TryDescribe(straddling, out _));
    }
}
