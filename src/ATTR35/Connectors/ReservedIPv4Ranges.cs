using System.Collections.Generic;

namespace ATTR35.Connectors;

/// <summary>
/// IPv4 blocks that never arrive at Exchange Online as the source of a connection: seen on a connector
/// or given as the sender's address, they mean the admin looked at an inside address instead of the
/// public one EOP sees. The six of DOMAIN.md plus the blocks that cannot be a unicast source at all
/// (0/8, multicast, the reserved 240/4 with the broadcast address). The documentation blocks
/// (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) are deliberately not listed: they are what
/// examples, help and tests use for "a public address".
/// </summary>
internal static class ReservedIPv4Ranges
{
    private static readonly IReadOnlyList<(Ipv4Range Range, string Description)> s_blocks = new[]
    {
        (Block(0x00000000, 8), "'this network' (0.0.0.0/8)"),
        (Block(0x0A000000, 8), "private (10.0.0.0/8, RFC 1918)"),
        (Block(0x64400000, 10), "carrier-grade NAT (100.64.0.0/10, RFC 6598)"),
        (Block(0x7F000000, 8), "loopback (127.0.0.0/8)"),
        (Block(0xA9FE0000, 16), "link-local (169.254.0.0/16)"),
        (Block(0xAC100000, 12), "private (172.16.0.0/12, RFC 1918)"),
        (Block(0xC0A80000, 16), "private (192.168.0.0/16, RFC 1918)"),
        (Block(0xE0000000, 4), "multicast (224.0.0.0/4)"),
        (Block(0xF0000000, 4), "reserved (240.0.0.0/4)"),
    };

    /// <summary>True when the address lies in a block that never reaches EOP as a source; describes the block.</summary>
    public static bool TryDescribe(uint address, out string description) => TryDescribe(Ipv4Range.Single(address), out description);

    /// <summary>True when the range shares any address with such a block; describes the first block it touches.</summary>
    public static bool TryDescribe(Ipv4Range range, out string description)
    {
        foreach (var (block, text) in s_blocks)
        {
            if (block.Overlaps(range))
            {
                description = text;
                return true;
            }
        }

        description = string.Empty;
        return false;
    }

    private static Ipv4Range Block(uint network, int prefix) => Ipv4Range.FromCidr(network, prefix);
}
