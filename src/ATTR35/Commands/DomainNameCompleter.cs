using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ATTR35.Commands;

/// <summary>
/// Completes a domain name from the domains earlier results in this session named (checked
/// domains, reference domains, accepted domains). Offers nothing else: it never asks Exchange.
/// </summary>
public sealed class DomainNameCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.Match(wordToComplete, Completions.With(CompletionHistory.Domains(), "A domain from an earlier result in this session"));
}
