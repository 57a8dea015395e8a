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
        var worst = 0;
        foreach (var f in findings)
        {
            worst = System.Math.Max(worst, Of(f.Severity));
        }

        return worst switch
        {
            3 => CheckStatus.Fail,
            2 => CheckStatus.Error,
            1 => CheckStatus.Warning,
            _ => CheckStatus.Pass,
        };
    }

    /// <summary>Findings worst first, keeping the order they were found in within one severity.</summary>
    /// <remarks>An insertion sort: a result has a handful of findings, and this runs for every result.</remarks>
    public static Finding[] WorstFirst(IEnumerable<Finding> findings)
    {
        var sorted = findings.ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            var f = sorted[i];
            var rank = Of(f.Severity);
            var at = i;
            while (at > 0 && Of(sorted[at - 1].Severity) < rank)
            {
                sorted[at] = sorted[at - 1];
                at--;
            }

            sorted[at] = f;
        }

        return sorted;
    }
}
