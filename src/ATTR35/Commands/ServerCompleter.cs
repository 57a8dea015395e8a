using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ATTR35.Commands;

/// <summary>Completes -Server from the DNS servers given to earlier runs in this session.</summary>
public sealed class ServerCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.Match(wordToComplete, Completions.With(CompletionHistory.Servers(), "A DNS server used earlier in this session"));
}
