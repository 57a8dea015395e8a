using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ATTR35.Tests.Results;

/// <summary>A finding's text built when first read: built once, the same for every reader.</summary>
public class FindingTextTests
{
    [Fact]
    public void Text_is_built_when_first_read_and_only_once()
    {
        var messages = 0;
        var remedies = 0;
        var finding = new Finding("MxLegacyHost", Severity.Fail, "mx.example",
            () => { Interlocked.Increment(ref messages); return "The message."; },
            () => { Interlocked.Increment(ref remedies); return "The remedy."; });

        Assert.Equal(0, messages);
        Assert.Equal(0, remedies);
        Assert.Equal("The message.", finding.Message);
        Assert.Equal("The message.", finding.Message);
        Assert.Equal(1, messages);
        Assert.Equal(0, remedies);
        Assert.Equal("The remedy.", finding.Remedy);
        Assert.Equal("The remedy.", finding.Remedy);
        Assert.Equal(1, remedies);
        Assert.Equal("Fail MxLegacyHost: The message.", finding.ToString());
    }

    [Fact]
    public void Readers_at_once_all_get_the_text()
    {
        for (var round = 0; round < 200; round++)
        {
            var finding = new Finding("MxLegacyHost", Severity.Fail, "mx.example", () => "m " + round, () => "r " + round);
            var texts = new string[8];
            Parallel.For(0, texts.Length, i => texts[i] = i % 2 == 0 ? finding.Message : finding.Remedy);
            for (var i = 0; i < texts.Length; i++)
            {
                Assert.Equal(i % 2 == 0 ? "m " + round : "r " + round, texts[i]);
            }
        }
    }

    [Fact]
    public void Text_given_at_once_is_kept_as_given()
    {
        var finding = new Finding("MxAssignedHost", Severity.Information, "contoso.com", "Seen.", null!);
        Assert.Equal("Seen.", finding.Message);
        Assert.Equal(string.Empty, finding.Remedy);
    }
}
