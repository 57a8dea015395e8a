using ATTR35.Base;
using Xunit;

namespace ATTR35.Tests.Base;

/// <summary>
/// The answers that must not depend on the runtime's IdnMapping: these run on .NET (ICU) and on
/// Mono in the net472 suite, where they once differed.
/// </summary>
public class DomainNameIgnoredCharacterTests
{
    [Theory]
    [InlineData("relay.contoso.com\u200B")]
    [InlineData("re\u00ADlay.contoso.com")]
    [InlineData("\uFEFFrelay.contoso.com")]
    [InlineData("relay.con\u2060toso.com")]
    [InlineData("relay.contoso.com\uDB40\uDD00")]
    public void Code_points_UTS46_maps_to_nothing_are_removed(string input)
    {
        Assert.True(DomainNameValidator.TryNormalize(input, out var ascii, out var reason), reason);
        Assert.Equal("relay.contoso.com", ascii);
    }

    [Theory]
    [InlineData("-bad.contoso.com")]
    [InlineData("bad-.contoso.com")]
    [InlineData("contoso.-com")]
    public void A_label_with_a_hyphen_at_either_end_is_refused_in_the_same_words(string input)
    {
        Assert.False(DomainNameValidator.TryNormalize(input, out _, out var reason));
        Assert.StartsWith("the name is not a valid (internationalised) domain name", reason);
    }

    [Theory]
    [InlineData("Bücher.Example.", "xn--bcher-kva.example")]
    [InlineData("ＡＢＣ.example", "abc.example")]
    [InlineData("faß.de", "xn--fa-hia.de")]
    public void Unicode_names_map_alike(string input, string expected)
    {
        Assert.True(DomainNameValidator.TryNormalize(input, out var ascii, out var reason), reason);
        Assert.Equal(expected, ascii);
    }
}
