using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using ATTR35.Base;

namespace ATTR35.Commands;

/// <summary>What the argument completers share: matching the word typed and quoting what needs it.</summary>
internal static class Completions
{
    // Characters PowerShell takes literally in a bare command argument.
    private static readonly Regex s_bare = new("^[A-Za-z0-9._:*@-]+$", RegexOptions.CultureInvariant);

    /// <summary>
    /// The candidates that start with the word typed, in the order given, without duplicates.
    /// Always a collection, never null: null would make PowerShell fall back to file names, which
    /// are never a domain, host or address.
    /// </summary>
    public static IEnumerable<CompletionResult> Match(string? wordToComplete, IEnumerable<(string Text, string ToolTip)> candidates)
    {
        var word = (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var results = new List<CompletionResult>();
        foreach (var (text, toolTip) in candidates)
        {
            if (string.IsNullOrEmpty(text) || !text.StartsWith(word, StringComparison.OrdinalIgnoreCase) || !seen.Add(text))
            {
                continue;
            }

            results.Add(new CompletionResult(Quote(text), text, CompletionResultType.ParameterValue, toolTip));
        }

        return results;
    }

    /// <summary>The candidates with one tooltip for all.</summary>
    public static IEnumerable<(string Text, string ToolTip)> With(IEnumerable<string> values, string toolTip) =>
        values.Select(v => (v, toolTip));

    /// <summary>The -DomainName already on the command line, normalised; null when absent or invalid.</summary>
    public static string? BoundDomain(IDictionary? fakeBoundParameters)
    {
        // PowerShell keys the parameters bound so far by their names, whatever alias was typed.
        if (fakeBoundParameters is null || !fakeBoundParameters.Contains("DomainName") || fakeBoundParameters["DomainName"] is not { } value)
        {
            return null;
        }

        var text = (value is PSObject wrapped ? wrapped.BaseObject : value)?.ToString();
        return text is not null && DomainNameValidator.TryNormalize(text, out var domain, out _) ? domain : null;
    }

    private static string Quote(string text) => s_bare.IsMatch(text) ? text : "'" + text.Replace("'", "''") + "'";
}
