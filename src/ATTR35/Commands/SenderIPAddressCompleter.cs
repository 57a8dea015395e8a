using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ATTR35.Commands;

/// <summary>
/// Completes -SenderIPAddress with the client addresses Exchange Online reported in earlier
/// Test-SmartHost -Probe results (Probe.ObservedClientAddress) and the addresses tested before.
/// </summary>
public sealed class SenderIPAddressCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.Match(wordToComplete, Completions.With(CompletionHistory.SenderAddresses(), "A sender address from an earlier result in this session (Test-SmartHost -Probe reports the one Exchange Online sees)"));
}
