using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static ATTR35.Connectors.ConnectorCommands;
using static ATTR35.Microsoft365.FindingCodes;
using ATTR35.Base;

namespace ATTR35.Connectors;

/// <summary>
/// Which inbound connector Exchange Online would attribute a sending server's relayed mail with, and
/// why every other connector was passed over: a pure function over the admin's connector objects.
/// Every Test-InboundConnector rule lives here.
/// <list type="number">
/// <item>Only enabled OnPremises connectors attribute relayed mail to the tenant.</item>
/// <item>Certificate first: a connector whose TlsSenderCertificateName covers a name on the sender's certificate.</item>
/// <item>Then IP: a connector whose SenderIPAddresses holds the sender's address.</item>
/// <item>
/// When several match the same way, which one Exchange Online picks is not documented; the report
/// takes an exact certificate name before a wildcard and the narrowest address block, then input
/// order, and says so (ConnectorAmbiguousMatch).
/// </item>
/// <item>A certificate match counts only when the matching name is within an accepted domain (when -AcceptedDomain is given).</item>
/// </list>
/// </summary>
internal static partial class ConnectorRules
{
    /// <summary>A certificate that expires within this many days is reported.</summary>
    public const int ExpiryWarningDays = 30;

    // Clocks disagree by a little; a certificate valid from a minute from now is not a finding.
    private static readonly TimeSpan s_clockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Applies every rule.</summary>
    /// <param name="connectors">The connectors, in input order.</param>
    /// <param name="sender">The sending server's address and certificate names.</param>
    /// <param name="acceptedDomains">The tenant's accepted domains, normalised; null or empty when not given.</param>
    /// <param name="utcNow">The time certificate expiry is measured from.</param>
    public static InboundConnectorResult Evaluate(IReadOnlyList<InboundConnectorInfo> connectors, SenderIdentity sender, IReadOnlyList<string>? acceptedDomains, DateTime utcNow)
    {
        if (connectors is null)
        {
            throw new ArgumentNullException(nameof(connectors));
        }

        if (sender is null)
        {
            throw new ArgumentNullException(nameof(sender));
        }

        var accepted = (acceptedDomains ?? Array.Empty<string>()).Where(d => !string.IsNullOrWhiteSpace(d)).ToList();
        uint? senderAddress = IpLiteral.TryParseIPv4(sender.IPAddress, out var parsed) ? parsed : null;
        var certificateNames = sender.CertificateNames;
        var states = connectors.Select((c, i) => new ConnectorState(c, i, senderAddress, certificateNames)).ToList();
        var context = new Context(sender, accepted, senderAddress, certificateNames);

        var findings = new List<Finding>(sender.Problems);
        AddSenderFindings(context, states, utcNow, findings);

        var selection = Select(states);
        context.Target = selection.Selected ?? PickConnectorToFix(context, states.Where(st => st.Attributes).ToList());
        if (states.Count == 0)
        {
            findings.Add(new Finding(ConnectorNone, Severity.Fail, sender.Subject,
                $"No inbound connector was given, so nothing attributes mail from {sender.Describe()} to the tenant.",
                $"Pipe the tenant's connectors in: Get-InboundConnector | Test-InboundConnector. If the tenant has none, create one for the sending server: {NewConnector(context.PublicAddress, context.RecommendedCertificateName)}"));
        }
        else if (!sender.IsEmpty)
        {
            if (selection.Selected is not null)
            {
                AddMatchFindings(context, selection, findings);
            }
            else
            {
                AddNoMatchFindings(context, states, findings);
            }
        }

        AddLintFindings(context, states, selection, findings);

        var result = new InboundConnectorResult
        {
            SenderIPAddress = sender.IPAddress,
            CertificateNames = certificateNames.ToArray(),
            CertificateNotAfter = sender.Certificates.Count == 0 ? null : sender.Certificates.Min(c => c.NotAfter),
            AcceptedDomains = accepted.ToArray(),
            MatchedConnector = selection.Selected?.Name,
            MatchedBy = selection.Selected?.MatchedBy ?? MatchedBy.None,
            MatchedValue = selection.Selected?.MatchedValue,
            Connectors = states.Select(s => Evaluation(context, s, selection)).ToArray(),
            Findings = StatusRank.WorstFirst(findings),
            Status = StatusRank.StatusOf(findings),
        };
        return result;
    }

    private static Selection Select(List<ConnectorState> states)
    {
        var byCertificate = states.Where(s => s.Attributes && s.MatchedBy == MatchedBy.Certificate)
            .OrderBy(s => s.IsWildcardName ? 1 : 0)
            .ThenBy(s => s.Index)
            .ToList();
        if (byCertificate.Count > 0)
        {
            return new Selection(byCertificate[0], byCertificate);
        }

        var byAddress = states.Where(s => s.Attributes && s.MatchedBy == MatchedBy.IPAddress)
            .OrderByDescending(s => s.IpMatch!.Range!.PrefixLength ?? 0)
            .ThenBy(s => s.Index)
            .ToList();
        return byAddress.Count > 0 ? new Selection(byAddress[0], byAddress) : new Selection(null, new List<ConnectorState>());
    }

    private sealed class Selection
    {
        public Selection(ConnectorState? selected, List<ConnectorState> tied)
        {
            Selected = selected;
            Tied = tied;
        }

        /// <summary>The connector Exchange Online would use.</summary>
        public ConnectorState? Selected { get; }

        /// <summary>Every enabled OnPremises connector that matches the way the selected one does.</summary>
        public List<ConnectorState> Tied { get; }
    }

    private sealed class Context
    {
        public Context(SenderIdentity sender, List<string> accepted, uint? senderAddress, IReadOnlyList<string> certificateNames)
        {
            Sender = sender;
            Accepted = accepted;
            SenderAddress = senderAddress;
            CertificateNames = certificateNames;
            PublicAddress = senderAddress is { } a && !ReservedIPv4Ranges.TryDescribe(a, out _) ? sender.IPAddress : null;
            RecommendedCertificateName = certificateNames.FirstOrDefault(IsAccepted) ?? certificateNames.FirstOrDefault();
        }

        public SenderIdentity Sender { get; }

        public List<string> Accepted { get; }

        public uint? SenderAddress { get; }

        public IReadOnlyList<string> CertificateNames { get; }

        /// <summary>The sender's address when it is one Exchange Online can see; null when private or not given.</summary>
        public string? PublicAddress { get; }

        /// <summary>The certificate name to put on a connector: one within an accepted domain when there is one.</summary>
        public string? RecommendedCertificateName { get; }

        /// <summary>
        /// The connector remedies steer the sender to: the one selected, else the one a no-match remedy
        /// changes. Only its remedies propose the sender's own address or certificate name; for any other
        /// connector that would be a guess about servers this check knows nothing of.
        /// </summary>
        public ConnectorState? Target { get; set; }

        public bool IsAccepted(string name) => Accepted.Any(d => CertificateNameMatcher.IsWithinDomain(name, d));

        /// <summary>The sender's public address when remedies for this connector may propose it.</summary>
        public string? AddressFor(ConnectorState connector) => connector == Target ? PublicAddress : null;
    }
}
