using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static ATTR35.Connectors.ConnectorCommands;
using static ATTR35.Microsoft365.FindingCodes;
using ATTR35.Base;

namespace ATTR35.Connectors;

/// <summary>Which connector attributes the sender, and the findings that say so: the sender's own problems (private address, expiring certificate), the match, or why nothing matched and what to create or change.</summary>
internal static partial class ConnectorRules
{
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
}
