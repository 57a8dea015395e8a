using System;
using System.Collections.Generic;
using System.Globalization;
using ATTR35.Base;

namespace ATTR35.Connectors;

/// <summary>
/// An inclusive range of IPv4 addresses: a single address, a CIDR block, or a first-last range.
/// Addresses are held as unsigned 32-bit numbers so containment and overlap are plain comparisons.
/// </summary>
internal sealed class Ipv4Range : IEquatable<Ipv4Range>
{
    private Ipv4Range(uint first, uint last, int? prefixLength)
    {
        First = first;
        Last = last;
        PrefixLength = prefixLength;
    }

    /// <summary>The first address of the range.</summary>
    public uint First { get; }

    /// <summary>The last address of the range.</summary>
    public uint Last { get; }

    /// <summary>The CIDR prefix length (32 for a single address); null for a first-last range.</summary>
    public int? PrefixLength { get; }

    /// <summary>How many addresses the range holds.</summary>
    public ulong Size => (ulong)Last - First + 1;

    /// <summary>A single address (a /32).</summary>
    public static Ipv4Range Single(uint address) => new(address, address, 32);

    /// <summary>
    /// The CIDR block of <paramref name="prefixLength"/> bits that contains <paramref name="address"/>.
    /// Host bits are cleared, the way Exchange's IPRange stores 192.0.2.5/24 as 192.0.2.0/24.
    /// </summary>
    public static Ipv4Range FromCidr(uint address, int prefixLength)
    {
        if (prefixLength is < 0 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, "An IPv4 prefix length is 0 to 32.");
        }

        var mask = Mask(prefixLength);
        return new Ipv4Range(address & mask, (address & mask) | ~mask, prefixLength);
    }

    /// <summary>The addresses from <paramref name="first"/> to <paramref name="last"/> inclusive.</summary>
    public static Ipv4Range FromBounds(uint first, uint last)
    {
        if (first > last)
        {
            throw new ArgumentException("The first address of a range must not be above the last.", nameof(first));
        }

        return new Ipv4Range(first, last, null);
    }

    /// <summary>The netmask of a prefix length, for example 0xFFFFFF00 for 24.</summary>
    public static uint Mask(int prefixLength) => prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);

    /// <summary>True when the address lies in the range.</summary>
    public bool Contains(uint address) => address >= First && address <= Last;

    /// <summary>True when every address of <paramref name="other"/> lies in this range.</summary>
    public bool Covers(Ipv4Range other) => other.First >= First && other.Last <= Last;

    /// <summary>True when the two ranges share at least one address.</summary>
    public bool Overlaps(Ipv4Range other) => First <= other.Last && other.First <= Last;

    /// <summary>
    /// The fewest CIDR blocks that together hold exactly the addresses from <paramref name="first"/>
    /// to <paramref name="last"/>; used to tell an admin what to enter instead of a range.
    /// </summary>
    public static IReadOnlyList<Ipv4Range> ToCidrBlocks(uint first, uint last)
    {
        var blocks = new List<Ipv4Range>();
        var start = (ulong)first;
        var end = (ulong)last;
        while (start <= end)
        {
            // The largest block that starts at 'start' (aligned) and does not pass 'end'.
            var prefix = 32;
            while (prefix > 0)
            {
                var size = 1UL << (33 - prefix);
                if ((start & (size - 1)) != 0 || start + size - 1 > end)
                {
                    break;
                }

                prefix--;
            }

            blocks.Add(FromCidr((uint)start, prefix));
            start += 1UL << (32 - prefix);
        }

        return blocks;
    }

    /// <summary>The normalised form: <c>203.0.113.25</c>, <c>203.0.113.0/24</c> or <c>203.0.113.10-203.0.113.20</c>.</summary>
    public override string ToString() => PrefixLength switch
    {
        32 => IpLiteral.FormatIPv4(First),
        int prefix => IpLiteral.FormatIPv4(First) + "/" + prefix.ToString(CultureInfo.InvariantCulture),
        null => IpLiteral.FormatIPv4(First) + "-" + IpLiteral.FormatIPv4(Last),
    };

    /// <inheritdoc/>
    public bool Equals(Ipv4Range? other) => other is not null && other.First == First && other.Last == Last;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Ipv4Range);

    /// <inheritdoc/>
    public override int GetHashCode() => unchecked((int)(First * 31 + Last));
}
