using System;
using ATTR35.Microsoft365;
using CsCheck;
using Xunit;

namespace ATTR35.Tests.Properties;

public class Attr35ReplyProperties
{
    private static readonly string[] s_regions = { "NAM", "EUR", "APC", "AUS", "BRA", "CAN", "FRA", "DEU", "IND", "JPN", "KOR", "NOR", "ZAF", "SWE", "CHE", "ARE", "GBR" };

    // A front-end name as EOP writes it: BN8NAM11FT066.eop-nam11.prod.protection.outlook.com.
    private static readonly Gen<(string Name, string Region)> s_server = Gen.Select(
        Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ"].Array[2], Gen.Int[0, 9], Gen.OneOfConst(s_regions), Gen.Int[1, 99], Gen.Int[0, 999], Gen.Bool,
        (site, digit, region, number, serial, full) =>
        {
            var host = $"{new string(site)}{digit}{region}{number:00}FT{serial:000}";
            return (full ? $"{host}.eop-{region.ToLowerInvariant()}{number:00}.prod.protection.outlook.com" : host, region);
        });

    // Every wording seen: Office or Microsoft 365, a comma before ATTR35 or not, the link or not,
    // the bracketed server or not, upper or lower case, a relay's prefix or none.
    private static readonly Gen<(string Text, string? Server, string? Region, bool Prefixed)> s_variant = Gen.Select(
        Gen.OneOfConst("Office 365", "Microsoft 365"), Gen.OneOfConst(". ATTR35", ", ATTR35", ". ATTR35.", " attr35"), Gen.Bool, Gen.Bool, s_server, Gen.Bool,
        (brand, marker, link, bracket, server, prefixed) =>
        {
            var text = $"4.4.62 Mail sent to the wrong {brand} region{marker}"
                + (link ? " For more information go to https://go.microsoft.com/fwlink/p/?linkid=865268" : string.Empty)
                + (bracket ? $" [{server.Name}]" : string.Empty);
            text = prefixed ? "host relay.contoso.example said: 451 " + text : "451 " + text;
            return (text, bracket ? server.Name : null, bracket ? server.Region : null, prefixed);
        });

    [Fact]
    public void Parsing_never_throws() =>
        Generators.AnyOf(s_variant.Select(v => v.Text)).Sample(text =>
        {
            if (Attr35Reply.TryParse(text, out var reply))
            {
                Assert.Equal(text, reply!.Text);
            }
        }, iter: 30000);

    [Fact]
    public void Every_variant_is_recognised_with_its_server_and_region() =>
        s_variant.Sample(variant =>
        {
            Assert.True(Attr35Reply.TryParse(variant.Text, out var reply), variant.Text);
            Assert.Equal(variant.Prefixed ? null : 451, reply!.Code);
            Assert.Equal(variant.Server, reply.ServerName);
            Assert.Equal(variant.Region, reply.Region);
        });

    [Fact]
    public void Without_4_4_62_or_without_ATTR35_nothing_is_recognised() =>
        Gen.Select(s_variant, Gen.OneOfConst("4.4.6", "4.4.620", "14.4.62", "4.4.63", "5.4.62", "4.4.62.1"), Gen.Bool).Sample((variant, other, dropMarker) =>
        {
            var text = dropMarker
                ? variant.Text.Replace("ATTR35", "ATTR36", StringComparison.OrdinalIgnoreCase)
                : variant.Text.Replace("4.4.62", other, StringComparison.Ordinal);
            Assert.False(Attr35Reply.TryParse(text, out _), text);
        });
}
