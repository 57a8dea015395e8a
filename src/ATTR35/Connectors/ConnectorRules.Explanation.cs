using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static ATTR35.Connectors.ConnectorCommands;
using static ATTR35.Microsoft365.FindingCodes;
using ATTR35.Base;

namespace ATTR35.Connectors;

/// <summary>The per-connector evaluation in the result: whether it matched, how, and in words why it was used or passed over.</summary>
internal static partial class ConnectorRules
{
    private static ConnectorEvaluation Evaluation(Context context, ConnectorState s, Selection selection)
    {
        return new ConnectorEvaluation
        {
            Name = s.Name,
            Enabled = s.Connector.Enabled,
            ConnectorType = s.Connector.ConnectorType,
            MatchedBy = s.MatchedBy,
            Selected = s == selection.Selected,
            MatchedValue = s.MatchedValue,
            Reason = Reason(context, s, selection),
            SenderIPAddresses = s.Connector.SenderIPAddresses.ToArray(),
            TlsSenderCertificateName = s.Connector.TlsSenderCertificateName,
        };
    }

    private static string Reason(Context context, ConnectorState s, Selection selection)
    {
        var assumed = s.Connector.ConnectorTypeGiven ? string.Empty : " (no ConnectorType was given, so Exchange Online's default, Partner, is assumed)";
        if (context.Sender.IsEmpty)
        {
            return "Not compared: neither the sender's address nor a certificate name could be determined.";
        }

        if (s.MatchedBy == MatchedBy.None)
        {
            return "No match: " + string.Join("; ", Mismatches(context, s)) + ".";
        }

        var how = HowItMatches(context, s);
        if (s == selection.Selected)
        {
            return $"Used: it matches {how}.";
        }

        if (!s.Connector.Enabled)
        {
            return $"Passed over: it is disabled; otherwise it would match {how}.";
        }

        if (s.Connector.ConnectorType == ConnectorType.Partner)
        {
            return $"Passed over: it is a Partner connector{assumed}, which does not attribute relayed mail; it matches {how}.";
        }

        var chosen = selection.Selected!;
        if (s.MatchedBy == MatchedBy.IPAddress && chosen.MatchedBy == MatchedBy.Certificate)
        {
            return $"Passed over: it matches {how}, but connector '{chosen.Name}' matches by certificate, which Exchange Online checks first.";
        }

        return $"Passed over: it also matches {how}, as does connector '{chosen.Name}', which this report takes as Exchange Online's choice (see ConnectorAmbiguousMatch).";
    }

    private static IEnumerable<string> Mismatches(Context context, ConnectorState s)
    {
        if (context.CertificateNames.Count > 0)
        {
            if (s.Connector.TlsSenderCertificateName is null)
            {
                yield return "it has no TlsSenderCertificateName";
            }
            else if (s.CertificateNameProblem is not null)
            {
                yield return $"its TlsSenderCertificateName '{s.Connector.TlsSenderCertificateName}' is not a name Exchange Online accepts";
            }
            else
            {
                // The near miss admins make: a bare domain where *.domain was meant.
                var hint = !s.IsWildcardName && context.CertificateNames.Any(n => CertificateNameMatcher.IsWithinDomain(n, s.CertificateName!))
                    ? $" (a name without '*.' covers that exact name only; *.{s.CertificateName} would cover its subdomains)"
                    : string.Empty;
                yield return $"its TlsSenderCertificateName {s.Connector.TlsSenderCertificateName} does not cover {string.Join(", ", context.CertificateNames)}{hint}";
            }
        }

        else if (s.CertificateName is not null)
        {
            yield return $"its TlsSenderCertificateName {s.Connector.TlsSenderCertificateName} was not compared, as no certificate of the sender was given";
        }

        if (context.Sender.IPAddress is null && s.AcceptedEntries.Any())
        {
            yield return $"its SenderIPAddresses ({string.Join(", ", s.AcceptedEntries.Select(e => e.Normalized))}) were not compared, as no -SenderIPAddress was given";
        }

        if (context.Sender.IPAddress is not null)
        {
            var accepted = s.AcceptedEntries.Select(e => e.Normalized).ToList();
            var refused = s.Entries.Where(e => !e.IsAccepted).Select(e => e.Text).ToList();
            if (s.Entries.Count == 0)
            {
                yield return "it has no SenderIPAddresses";
            }
            else
            {
                var text = accepted.Count > 0
                    ? $"{context.Sender.IPAddress} is not in its SenderIPAddresses ({string.Join(", ", accepted)})"
                    : $"it has no SenderIPAddresses entry Exchange Online accepts";
                if (refused.Count > 0)
                {
                    text += refused.Count == 1
                        ? $"; the entry {refused[0]} would be refused by Exchange Online"
                        : $"; the entries {string.Join(", ", refused)} would be refused by Exchange Online";
                }

                yield return text;
            }
        }
    }

    private static string HowItMatches(Context context, ConnectorState s) => s.MatchedBy switch
    {
        MatchedBy.Certificate => $"by certificate: its TlsSenderCertificateName {s.Connector.TlsSenderCertificateName} covers {CertificateName(context, s)}",
        MatchedBy.IPAddress => $"by IP address: its SenderIPAddresses entry {s.IpMatch!.Normalized} contains {context.Sender.IPAddress}"
            + (s.IpMatch.HostBitsSet ? $" (written {s.IpMatch.Text}; Exchange Online stores the block)" : string.Empty),
        _ => "in no way",
    };

    /// <summary>The certificate name a connector's match is about: one within an accepted domain when there is one.</summary>
    private static string CertificateName(Context context, ConnectorState s) =>
        s.CertificateMatches.FirstOrDefault(context.IsAccepted) ?? s.CertificateMatches[0];

    /// <summary>Ends a remedy with a full stop, unless it ends with a command, which must stay copyable as it is.</summary>
    private static string Finish(string remedy)
    {
        var colon = remedy.LastIndexOf(": ", StringComparison.Ordinal);
        var tail = colon < 0 ? remedy : remedy.Substring(colon + 2);
        var endsWithCommand = tail.StartsWith("Set-InboundConnector ", StringComparison.Ordinal) || tail.StartsWith("New-InboundConnector ", StringComparison.Ordinal);
        return endsWithCommand ? remedy : remedy + ".";
    }

    private static string ParentDomain(string name)
    {
        var bare = CertificateNameMatcher.IsWildcard(name) ? name.Substring(2) : name;
        var labels = bare.Split('.');
        return labels.Length >= 3 ? string.Join(".", labels, 1, labels.Length - 1) : bare;
    }
}
