using System;
using System.Linq;
using ATTR35.Smtp;
using CsCheck;
using Xunit;

namespace ATTR35.Tests.Properties;

public class SmartHostAddressProperties
{
    private static readonly Gen<string> s_wellFormed = Gen.Select(Generators.Domain, Gen.Bool, Gen.Int[0, 65535],
        (host, bracketed, port) => (bracketed ? "[" + host + "]" : host) + (port > 0 ? ":" + port : string.Empty));

    [Fact]
    public void Never_throws_and_accepts_only_a_clean_host_that_reads_back_the_same() =>
        Generators.AnyOf(s_wellFormed).Sample(text =>
        {
            var accepted = SmartHostAddress.TryParse(text, out var smartHost, out var error);
            if (!accepted)
            {
                Assert.Null(smartHost);
                Assert.False(string.IsNullOrWhiteSpace(error));
                return;
            }

            Assert.False(smartHost!.Host.Any(c => c <= ' ' || c > '~'), $"'{smartHost.Host}' from '{text}'");
            Assert.True(SmartHostAddress.TryParse(smartHost.ToString(), out var again, out var againError), againError);
            Assert.Equal(smartHost.Host, again!.Host);
            Assert.Equal(smartHost.Port, again.Port);
            Assert.Equal(smartHost.Bracketed, again.Bracketed);
        }, iter: 20000);

    [Fact]
    public void Accepts_every_well_formed_smart_host_with_its_port_and_brackets() =>
        Gen.Select(Generators.Domain, Gen.Bool, Gen.Int[1, 65535]).Sample((host, bracketed, port) =>
        {
            var text = (bracketed ? "[" + host + "]" : host) + ":" + port;
            Assert.True(SmartHostAddress.TryParse(text, out var smartHost, out var error), $"{text}: {error}");
            Assert.Equal(host, smartHost!.Host);
            Assert.Equal(port, smartHost.Port);
            Assert.Equal(bracketed, smartHost.Bracketed);
            Assert.Equal(!bracketed, smartHost.UseMxLookup);
        });

    [Fact]
    public void Refuses_a_port_out_of_range() =>
        Gen.Select(Generators.Domain, Gen.OneOf(Gen.Int[65536, int.MaxValue], Gen.Const(0))).Sample((host, port) =>
            !SmartHostAddress.TryParse(host + ":" + port, out _, out _));
}
