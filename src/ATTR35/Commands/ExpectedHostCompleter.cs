using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ATTR35.Microsoft365;

namespace ATTR35.Commands;

/// <summary>
/// Completes -ExpectedHost: first the Microsoft 365 hosts earlier results showed for the -DomainName
/// on the command line, then the usual form of its assigned host (token.mail.protection.outlook.com),
/// which is only a guess: the tooltip says where the real value is.
/// </summary>
public sealed class ExpectedHostCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var domain = Completions.BoundDomain(fakeBoundParameters);
        var seen = Completions.With(CompletionHistory.TenantHosts(domain), domain is null
            ? "A Microsoft 365 host from an earlier result in this session"
            : $"A Microsoft 365 host an earlier result showed for {domain}");
        var guess = domain is null
            ? Enumerable.Empty<(string, string)>()
            : new[] { (HostClassifier.AssignedHostHint(domain), $"The usual form of the assigned host of {domain}, derived from its name: a guess. The real value is in Microsoft Graph (Get-MgDomainServiceConfigurationRecord, mailExchange) or the Microsoft 365 admin center.") };
        return Completions.Match(wordToComplete, seen.Concat(guess));
    }
}
