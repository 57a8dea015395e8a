using System;
using ATTR35.Connectors;
using CsCheck;
using Xunit;
using ATTR35.Base;

namespace ATTR35.Tests.Properties;

public class Ipv4RangeProperties
{
    private static readonly Gen<uint> s_address = Gen.Int.Select(i => unchecked((uint)i));

    [Fact]
    public void Formatting_and_parsing_round_trip() =>
        s_address.Sample(a => IpLiteral.TryParseIPv4(IpLiteral.FormatIPv4(a), out var b) && a == b);

    [Fact]
    public void Parsing_accepts_only_the_canonical_dotted_quad() =>
        Generators.AnyOf(s_address.Select(IpLiteral.FormatIPv4)).Sample(text =>
            !IpLiteral.TryParseIPv4(text, out var a) || IpLiteral.FormatIPv4(a) == text);

    [Fact]
    public void A_cidr_block_holds_its_address_and_is_aligned() =>
        Gen.Select(s_address, Gen.Int[0, 32]).Sample((address, prefix) =>
        {
            var block = Ipv4Range.FromCidr(address, prefix);
            Assert.True(block.Contains(address));
            Assert.Equal(1UL << (32 - prefix), block.Size);
            Assert.Equal(0u, block.First & ~Ipv4Range.Mask(prefix));
        });

    [Fact]
    public void Cidr_blocks_of_a_range_cover_exactly_the_range() =>
        Gen.Select(s_address, Gen.Int[0, 70000]).Sample((first, span) =>
        {
            var last = (uint)Math.Min(uint.MaxValue, (ulong)first + (uint)span);
            var blocks = Ipv4Range.ToCidrBlocks(first, last);
            Assert.Equal(first, blocks[0].First);
            Assert.Equal(last, blocks[blocks.Count - 1].Last);
            for (var i = 0; i < blocks.Count; i++)
            {
                Assert.Equal(0u, blocks[i].First & ~Ipv4Range.Mask(blocks[i].PrefixLength!.Value));
                if (i > 0)
                {
                    Assert.Equal((ulong)blocks[i - 1].Last + 1, blocks[i].First);
                }
            }

            Assert.True(blocks.Count <= 62);
        });

    [Fact]
    public void Overlap_is_symmetric_and_cover_implies_overlap() =>
        Gen.Select(s_address, Gen.Int[0, 32], s_address, Gen.Int[0, 32]).Sample((a, p, b, q) =>
        {
            var x = Ipv4Range.FromCidr(a, p);
            var y = Ipv4Range.FromCidr(b, q);
            Assert.Equal(x.Overlaps(y), y.Overlaps(x));
            if (x.Covers(y))
            {
                Assert.True(x.Overlaps(y));
            }
        });

    [Fact]
    public void A_connector_entry_never_throws_and_is_accepted_only_as_a_block_of_24_or_narrower() =>
        Generators.AnyOf(Gen.Select(s_address, Gen.Int[0, 32], (a, p) => IpLiteral.FormatIPv4(a) + "/" + p)).Sample(text =>
        {
            var entry = SenderIPAddressEntry.Parse(text);
            if (entry.IsAccepted)
            {
                Assert.NotNull(entry.Range);
                Assert.True(entry.Range!.Size <= 256, text);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(entry.Reason));
            }
        }, iter: 20000);
}
