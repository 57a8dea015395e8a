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
public static class ConnectorRules
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

    private static void AddSenderFindings(Context context, List<ConnectorState> states, DateTime utcNow, List<Finding> findings)
    {
        if (context.SenderAddress is { } address && ReservedIPv4Ranges.TryDescribe(address, out var block))
        {
            findings.Add(new Finding(ConnectorPrivateAddress, Severity.Warning, context.Sender.IPAddress!,
                $"The sender address {context.Sender.IPAddress} is {block}: Exchange Online never sees such an address as the source of a connection, so no connector is matched by it.",
                "Give the public address Exchange Online sees: run Test-SmartHost <smart host> -Probe on the sending server and use .Probe.ObservedClientAddress, or ask the network team for the server's outbound NAT address."));
        }

        foreach (var certificate in context.Sender.Certificates)
        {
            if (certificate.NotBefore > utcNow + s_clockSkew)
            {
                var from = certificate.NotBefore.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
                findings.Add(new Finding(ConnectorCertificateNotYetValid, Severity.Warning, certificate.DisplayName,
                    $"The sender's certificate {certificate.DisplayName} ({certificate.Source}) is not valid before {from}: until then a TLS handshake with it fails, and no connector is matched by it.",
                    "Keep the current certificate bound to SMTP until the new one is valid, and check the sending server's clock."));
            }

            var days = (certificate.NotAfter - utcNow).TotalDays;
            if (days > ExpiryWarningDays)
            {
                continue;
            }

            var when = certificate.NotAfter.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            var matching = states.Where(s => s.CertificateMatches.Any(n => certificate.Names.Contains(n))).Select(s => s.Name).ToList();
            var connectorHint = matching.Count > 0
                ? $"; if the new certificate has other names, set one of them on connector {Quote(matching[0])}: {SetCertificateName(matching[0], "<name on the new certificate>")}"
                : "; if the new certificate has other names, update TlsSenderCertificateName of the connector that should match it";
            findings.Add(new Finding(ConnectorCertificateExpiring, Severity.Warning, certificate.DisplayName,
                days < 0
                    ? $"The sender's certificate {certificate.DisplayName} ({certificate.Source}) expired on {when}, {Math.Ceiling(-days).ToString(CultureInfo.InvariantCulture)} day(s) ago."
                    : $"The sender's certificate {certificate.DisplayName} ({certificate.Source}) expires on {when}, within {Math.Max(0, Math.Floor(days)).ToString(CultureInfo.InvariantCulture)} day(s).",
                Finish($"Renew the certificate of the sending server and bind it to SMTP before it expires{connectorHint}")));
        }
    }

    private static void AddMatchFindings(Context context, Selection selection, List<Finding> findings)
    {
        var selected = selection.Selected!;
        var sender = context.Sender.Describe();
        var how = HowItMatches(context, selected);

        if (selection.Tied.Count > 1)
        {
            var others = selection.Tied.Where(s => s != selected).ToList();
            var way = selected.MatchedBy == MatchedBy.Certificate ? "by certificate" : "by IP address";
            var basis = selected.MatchedBy == MatchedBy.Certificate
                ? "an exact name before a wildcard, then the order given"
                : "the narrowest address block, then the order given";
            var remedy = selected.MatchedBy == MatchedBy.IPAddress
                ? string.Join("; ", others.Select(o => RemoveAddresses(o.Name, new[] { o.IpMatch!.Text })))
                : string.Join("; ", others.Select(o => Disable(o.Name)));
            findings.Add(new Finding(ConnectorAmbiguousMatch, Severity.Warning, selected.Name,
                $"The enabled connectors {string.Join(", ", selection.Tied.Select(s => $"'{s.Name}' ({s.MatchedValue})"))} all match {sender} {way}; which one Exchange Online uses is not documented, and this report takes '{selected.Name}' ({basis}).",
                selected.MatchedBy == MatchedBy.IPAddress
                    ? $"Keep the sending server's address on one connector only, for example remove it from the others: {remedy}"
                    : $"Let only one connector's TlsSenderCertificateName cover the certificate: change the name on the others, or disable leftovers: {remedy}"));
        }

        var limited = selected.Connector.AssociatedAcceptedDomains.Count > 0
            ? $" It applies only to the accepted domains {string.Join(", ", selected.Connector.AssociatedAcceptedDomains)} (AssociatedAcceptedDomains)."
            : string.Empty;
        findings.Add(new Finding(ConnectorMatched, Severity.Information, selected.Name,
            $"Connector '{selected.Name}' attributes mail from {sender} to the tenant {how}.{limited}",
            selected.MatchedBy == MatchedBy.Certificate && context.Accepted.Count == 0
                ? $"None needed. Give -AcceptedDomain (Get-AcceptedDomain) to also check that {CertificateName(context, selected)} is within an accepted domain."
                : "None needed."));

        if (selected.MatchedBy == MatchedBy.IPAddress)
        {
            var name = context.RecommendedCertificateName;
            var example = name ?? (context.Accepted.Count > 0 ? $"<a name within {context.Accepted[0]}, such as mail.{context.Accepted[0]}>" : "<the certificate name of the sending server, such as mail.contoso.com>");
            findings.Add(new Finding(ConnectorIPBasedOnly, Severity.Information, selected.Name,
                $"Connector '{selected.Name}' matches the sender by IP address only ({selected.IpMatch!.Normalized} contains {context.Sender.IPAddress}): a new public address, or an address shared with other tenants (a shared relay), breaks attribution.",
                $"Microsoft recommends attribution by certificate: have the sending server present a certificate{(name is null ? string.Empty : " for " + name)} and set its name on the connector: {SetCertificateName(selected.Name, example)}"));
        }

        if (selected.MatchedBy == MatchedBy.Certificate && context.Accepted.Count > 0)
        {
            var within = selected.CertificateMatches.Where(context.IsAccepted).ToList();
            if (within.Count == 0)
            {
                var name = selected.CertificateMatches[0];
                var alternative = context.CertificateNames.FirstOrDefault(n => context.IsAccepted(n));
                var remedy = alternative is not null
                    ? $"The certificate also carries {alternative}, which is within an accepted domain: set that name on the connector: {SetCertificateName(selected.Name, alternative)}"
                    : $"Add {ParentDomain(name)} to the tenant as an accepted domain (Microsoft 365 admin center > Settings > Domains), or have the sending server present a certificate for a name within {string.Join(", ", context.Accepted)} and set it on the connector: {SetCertificateName(selected.Name, $"<a name within {context.Accepted[0]}, such as mail.{context.Accepted[0]}>")}";
                findings.Add(new Finding(ConnectorCertificateDomainNotAccepted, Severity.Fail, selected.Name,
                    $"The certificate name {name} that matches connector '{selected.Name}' is not within an accepted domain of the tenant ({string.Join(", ", context.Accepted)}), so Exchange Online cannot attribute the mail by it.",
                    Finish(remedy)));
            }
        }
    }

    private static void AddNoMatchFindings(Context context, List<ConnectorState> states, List<Finding> findings)
    {
        var sender = context.Sender.Describe();
        var disabled = states.Where(s => !s.Connector.Enabled && s.Connector.ConnectorType == ConnectorType.OnPremises && s.MatchedBy != MatchedBy.None).ToList();
        var partner = states.Where(s => s.Connector.Enabled && s.Connector.ConnectorType == ConnectorType.Partner && s.MatchedBy != MatchedBy.None).ToList();

        foreach (var s in disabled)
        {
            findings.Add(new Finding(ConnectorMatchDisabled, Severity.Fail, s.Name,
                $"No enabled OnPremises connector matches {sender}; the disabled connector '{s.Name}' would ({HowItMatches(context, s)}), but Exchange Online does not use disabled connectors.",
                $"Enable it: {Enable(s.Name)}"));
        }

        foreach (var s in partner)
        {
            var assumed = s.Connector.ConnectorTypeGiven ? string.Empty : " (the input had no ConnectorType, so Exchange Online's default, Partner, was assumed)";
            findings.Add(new Finding(ConnectorMatchPartner, Severity.Fail, s.Name,
                $"No enabled OnPremises connector matches {sender}; the Partner connector '{s.Name}' does ({HowItMatches(context, s)}){assumed}, but a Partner connector does not attribute relayed mail to the tenant.",
                $"If '{s.Name}' is for your own organisation's servers, make it an OnPremises connector: {MakeOnPremises(s.Name)}. If it is for a partner, create a separate connector for your server: {NewConnector(context.PublicAddress, context.RecommendedCertificateName)}"));
        }

        if (disabled.Count > 0 || partner.Count > 0)
        {
            return;
        }

        var onPremises = states.Where(s => s.Attributes).ToList();
        var target = context.Target;
        string remedy;
        if (target is null)
        {
            remedy = $"No enabled OnPremises connector exists: create one for the sending server: {NewConnector(context.PublicAddress, context.RecommendedCertificateName)}";
        }
        else
        {
            var steps = new List<string>();
            if (context.RecommendedCertificateName is { } name)
            {
                steps.Add($"set the certificate name on connector '{target.Name}' (recommended): {SetCertificateName(target.Name, name)}");
            }

            if (context.Sender.IPAddress is not null)
            {
                steps.Add(context.PublicAddress is not null
                    ? $"add the address to connector '{target.Name}': {AddAddresses(target.Name, context.PublicAddress)}"
                    : $"find the public address Exchange Online sees (Test-SmartHost <smart host> -Probe, .Probe.ObservedClientAddress) and add it to connector '{target.Name}': {AddAddresses(target.Name, "<public address>")}");
            }

            remedy = char.ToUpperInvariant(steps[0][0]) + steps[0].Substring(1) + (steps.Count > 1 ? "; or " + steps[1] : string.Empty);
        }

        findings.Add(new Finding(ConnectorNoMatch, Severity.Fail, context.Sender.Subject,
            onPremises.Count == 0
                ? $"No enabled OnPremises connector matches {sender}: none of the {states.Count} connector(s) given is an enabled OnPremises connector, so Exchange Online cannot attribute relayed mail to the tenant (ATTR35)."
                : $"No enabled OnPremises connector matches {sender} ({string.Join(", ", onPremises.Select(s => $"'{s.Name}'"))} checked), so Exchange Online cannot attribute relayed mail to the tenant (ATTR35).",
            Finish(remedy)));
    }

    /// <summary>The OnPremises connector a no-match remedy should change: one already set up the way the sender can be matched.</summary>
    private static ConnectorState? PickConnectorToFix(Context context, List<ConnectorState> onPremises)
    {
        if (onPremises.Count == 0)
        {
            return null;
        }

        if (context.CertificateNames.Count > 0)
        {
            var byCertificate = onPremises.FirstOrDefault(s => s.Connector.TlsSenderCertificateName is not null);
            if (byCertificate is not null)
            {
                return byCertificate;
            }
        }

        return onPremises.FirstOrDefault(s => s.Connector.SenderIPAddresses.Count > 0) ?? onPremises[0];
    }

    private static void AddLintFindings(Context context, List<ConnectorState> states, Selection selection, List<Finding> findings)
    {
        foreach (var s in states)
        {
            foreach (var entry in s.Entries.Where(e => !e.IsAccepted))
            {
                findings.Add(new Finding(ConnectorInvalidSenderIPAddress, Severity.Warning, s.Name,
                    $"The SenderIPAddresses entry '{entry.Text}' of connector '{s.Name}' would be refused by Exchange Online: {entry.Reason}; it matches nothing.",
                    InvalidEntryRemedy(context, s, entry)));
            }

            foreach (var entry in s.Entries.Where(e => e.Range is not null))
            {
                if (ReservedIPv4Ranges.TryDescribe(entry.Range!, out var block))
                {
                    var replacement = context.AddressFor(s) is { } address
                        ? ReplaceAddresses(s.Name, entry.Text, new[] { address })
                        : ReplaceAddresses(s.Name, entry.Text, new[] { "<public address>" });
                    findings.Add(new Finding(ConnectorPrivateAddress, Severity.Warning, s.Name,
                        $"The SenderIPAddresses entry '{entry.Text}' of connector '{s.Name}' is {block}: Exchange Online never sees such an address as the source of a connection.",
                        $"Replace it with the public address Exchange Online sees (Test-SmartHost <smart host> -Probe shows it as .Probe.ObservedClientAddress): {replacement}"));
                }
            }

            if (s.CertificateNameProblem is not null)
            {
                var suggestion = (s == context.Target ? context.RecommendedCertificateName : null)
                    ?? SuggestCertificateName(s.Connector.TlsSenderCertificateName!)
                    ?? "<a domain such as mail.contoso.com or *.contoso.com>";
                findings.Add(new Finding(ConnectorInvalidCertificateName, Severity.Warning, s.Name,
                    $"The TlsSenderCertificateName '{s.Connector.TlsSenderCertificateName}' of connector '{s.Name}' would be refused by Exchange Online: {s.CertificateNameProblem}; it matches nothing.",
                    $"Set a name Exchange Online accepts: {SetCertificateName(s.Name, suggestion)}"));
            }
        }

        AddOverlapFindings(states, selection, findings);
    }

    private static void AddOverlapFindings(List<ConnectorState> states, Selection selection, List<Finding> findings)
    {
        // Exchange Online itself warns when a connector's addresses overlap another enabled connector's.
        var enabled = states.Where(s => s.Connector.Enabled).ToList();
        for (var i = 0; i < enabled.Count; i++)
        {
            for (var j = i + 1; j < enabled.Count; j++)
            {
                var a = enabled[i];
                var b = enabled[j];
                var sameTie = selection.Tied.Count > 1 && selection.Tied.Contains(a) && selection.Tied.Contains(b);
                var addressPairs = a.AcceptedEntries.SelectMany(x => b.AcceptedEntries.Where(y => x.Range!.Overlaps(y.Range!)).Select(y => (A: x, B: y))).ToList();
                var namesOverlap = a.CertificateName is not null && b.CertificateName is not null
                    && (CertificateNameMatcher.Covers(a.CertificateName, b.CertificateName) || CertificateNameMatcher.Covers(b.CertificateName, a.CertificateName)
                        || (a.IsWildcardName && b.IsWildcardName && (CertificateNameMatcher.IsWithinDomain(a.CertificateName, b.CertificateName.Substring(2)) || CertificateNameMatcher.IsWithinDomain(b.CertificateName, a.CertificateName.Substring(2)))));

                // A pair that ties for the sender is already reported as ConnectorAmbiguousMatch.
                if (sameTie)
                {
                    continue;
                }

                var parts = new List<string>();
                if (addressPairs.Count > 0)
                {
                    parts.Add(string.Join(", ", addressPairs.Select(p => $"{p.A.Normalized} ('{a.Name}') and {p.B.Normalized} ('{b.Name}')")));
                }

                if (namesOverlap)
                {
                    parts.Add($"the certificate names {a.Connector.TlsSenderCertificateName} ('{a.Name}') and {b.Connector.TlsSenderCertificateName} ('{b.Name}')");
                }

                if (parts.Count == 0)
                {
                    continue;
                }

                var remedies = new List<string>();
                if (addressPairs.Count > 0)
                {
                    remedies.Add($"if both are for the same servers, remove the addresses from one: {RemoveAddresses(b.Name, addressPairs.Select(p => p.B.Text).Distinct())}; if they are for different servers, narrow the entries so they do not overlap");
                }

                if (namesOverlap)
                {
                    remedies.Add($"let only one of them cover the certificate, for example: {SetCertificateName(b.Name, "<a name only that connector's servers present>")}");
                }

                findings.Add(new Finding(ConnectorOverlap, Severity.Warning, a.Name,
                    $"The enabled connectors '{a.Name}' and '{b.Name}' overlap: {string.Join("; ", parts)}; a server in the overlap may be attributed by either.",
                    Finish(char.ToUpperInvariant(remedies[0][0]) + remedies[0].Substring(1) + (remedies.Count > 1 ? "; " + remedies[1] : string.Empty))));
            }
        }
    }

    private static string InvalidEntryRemedy(Context context, ConnectorState s, SenderIPAddressEntry entry)
    {
        var range = entry.Range;
        switch (entry.Problem)
        {
            case SenderIPAddressProblem.AddressRange or SenderIPAddressProblem.Netmask when range is not null:
                var blocks = Ipv4Range.ToCidrBlocks(range.First, range.Last);
                if (blocks.All(b => b.PrefixLength >= SenderIPAddressEntry.MinimumPrefixLength) && blocks.Count <= 16)
                {
                    return $"Replace it with the same addresses in CIDR notation: {ReplaceAddresses(s.Name, entry.Text, blocks.Select(b => b.ToString()))}";
                }

                return WideRemedy(context, s, entry);
            case SenderIPAddressProblem.PrefixTooShort:
                return WideRemedy(context, s, entry);
            case SenderIPAddressProblem.IPv6:
                return $"Replace it with the public IPv4 address the servers send from: {ReplaceAddresses(s.Name, entry.Text, new[] { context.AddressFor(s) ?? "<public IPv4 address>" })}";
            default:
                return context.AddressFor(s) is { } address
                    ? $"Correct it, for example replace it with the sender's address: {ReplaceAddresses(s.Name, entry.Text, new[] { address })}"
                    : $"Replace it with the address written as four decimal numbers (such as 203.0.113.25) or a /24 to /32 block: {ReplaceAddresses(s.Name, entry.Text, new[] { "<address or block>" })}";
        }
    }

    private static string WideRemedy(Context context, ConnectorState s, SenderIPAddressEntry entry)
    {
        if (context.SenderAddress is { } address && context.PublicAddress is not null && entry.Range!.Contains(address))
        {
            return $"Replace it with the addresses the servers really send from, at most /24 each, for example the sender's own address: {ReplaceAddresses(s.Name, entry.Text, new[] { context.PublicAddress })}";
        }

        if (context.AddressFor(s) is { } sender)
        {
            return $"Replace it with the addresses the servers really send from, at most /24 each, for example the sender's address: {ReplaceAddresses(s.Name, entry.Text, new[] { sender })}";
        }

        return $"Replace it with the addresses the servers really send from, at most /24 each: {ReplaceAddresses(s.Name, entry.Text, new[] { "<address or /24 block>" })}";
    }

    private static string? SuggestCertificateName(string written)
    {
        var star = written.LastIndexOf("*.", StringComparison.Ordinal);
        if (star >= 0 && CertificateNameMatcher.TryNormalizeConnectorName("*." + written.Substring(star + 2), out var normalized, out _))
        {
            return normalized;
        }

        return null;
    }

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
