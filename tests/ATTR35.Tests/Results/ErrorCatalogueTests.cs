using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ATTR35.Tests.Base;
using Xunit;

namespace ATTR35.Tests.Results;

/// <summary>The code's error catalogue and the help's ERRORS table are the same list, row by row.</summary>
public class ErrorCatalogueTests
{
    [Fact]
    public void The_help_lists_every_documented_error_id_with_its_cmdlets_and_meaning_in_order()
    {
        var about = File.ReadAllText(Path.Combine(FolderDependencyTests.SourceRoot(), "..", "..", "docs", "en-US", "about_ATTR35.md"));
        var start = about.IndexOf("## ERRORS", System.StringComparison.Ordinal);
        var end = about.IndexOf("\n## ", start + 10, System.StringComparison.Ordinal);
        var rows = Regex.Matches(about.Substring(start, end - start), @"^\| (?<id>[A-Z]\w+) \| (?<cmdlets>[^|]+) \| (?<meaning>.+) \|\r?$", RegexOptions.Multiline)
            .Where(m => m.Groups["id"].Value != "ErrorId")
            .Select(m => $"{m.Groups["id"].Value} | {m.Groups["cmdlets"].Value.Trim()} | {m.Groups["meaning"].Value.Trim()}")
            .ToArray();
        var catalogue = ErrorIds.Documented.Select(e => $"{e.Id} | {e.Cmdlets} | {e.Meaning}").ToArray();
        Assert.Equal(catalogue, rows);
    }

    [Fact]
    public void Ids_are_unique_and_CheckFailed_is_kept_out_of_the_users_list()
    {
        Assert.Equal(ErrorIds.Documented.Count, ErrorIds.Documented.Select(e => e.Id).Distinct().Count());
        Assert.DoesNotContain(ErrorIds.Documented, e => e.Id == ErrorIds.CheckFailed.Id);
        Assert.Contains(ErrorIds.Documented, e => e.Id == "SenderIdentityRequired");
    }
}
