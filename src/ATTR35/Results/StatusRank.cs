using System.Collections.Generic;
using System.Linq;

namespace ATTR35;

/// <summary>The ordering rules the contract gives: Fail &gt; Error &gt; Warning &gt; Pass.</summary>
internal static class StatusRank
{
    /// <summary>Rank of a severity when ordering findings worst first.</summary>
    public static int Of(Severity severity) => severity switch
    {
        Severity.Fail => 3,
        Severity.Error => 2,
        Severity.Warning => 1,
        _ => 0,
    };

    /// <summary>The status a set of findings adds up to.</summary>
    public static CheckStatus StatusOf(IEnumerable<Finding> findings)
    {
        var worst = findings.Select(f => Of(f.Severity)).DefaultIfEmpty(0).Max();
        return worst switch
        {
            3 => CheckStatus.Fail,
            2 => CheckStatus.Error,
            1 => CheckStatus.Warning,
            _ => CheckStatus.Pass,
        };
    }

    /// <summary>Findings worst first, keeping the order they were found in within one severity.</summary>
    public static Finding[] WorstFirst(IEnumerable<Finding> findings) =>
        findings.Select((f, i) => (f, i))
            .OrderByDescending(x => Of(x.f.Severity))
            .ThenBy(x => x.i)
            .Select(x => x.f)
            .ToArray();
}
