using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ATTR35.Commands;

/// <summary>
/// Completes -SmartHost from the smart hosts checked earlier in this session, then from the
/// Microsoft 365 hosts earlier results showed (an assigned host is what a smart host should be).
/// </summary>
public sealed class SmartHostCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.Match(wordToComplete,
            Completions.With(CompletionHistory.SmartHosts(), "A smart host checked earlier in this session")
                .Concat(Completions.With(CompletionHistory.TenantHosts(null), "A Microsoft 365 host from an earlier result: the form a smart host to Microsoft 365 should take")));
}
