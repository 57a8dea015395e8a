using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ATTR35.Base;
using static ATTR35.Microsoft365.FindingCodes;

namespace ATTR35.Microsoft365;

/// <summary>
/// Which of Microsoft's three checks explains a group of Exchange Online replies: a pure function
/// from <see cref="Attr35Evidence"/> to the next check to run (<see cref="NextStep"/>) and, once
/// nothing more is needed, to the diagnosis (<see cref="Diagnose"/>). Every Attr35* finding is
/// written here. The Cause is the first that applies, in the contract's order: NotAttr35,
/// MxRecord, SmartHost, InboundConnector, Unknown; None only without events.
/// </summary>
internal static class Attr35Rules
{
    // Smart host findings that name a wrong destination. A live ATTR35 at RCPT TO confirms the
    // error but does not explain it, so SmartHostAttr35Deferred is not among them.
    private static readonly HashSet<string> s_smartHostCauses = new(StringComparer.Ordinal)
    {
        SmartHostIpLiteral, SmartHostLegacyHost, SmartHostClientSubmission, SmartHostNotAssignedHost,
        SmartHostCloudMismatch, SmartHostUnresolvable, "SmartHostClientSubmissionReply",
    };

    // Connector findings that say no enabled OnPremises connector attributes the sender.
    private static readonly HashSet<string> s_connectorCauses = new(StringComparer.Ordinal)
    {
        ConnectorNone, ConnectorNoMatch, ConnectorMatchDisabled, ConnectorMatchPartner, ConnectorCertificateDomainNotAccepted,
    };

    /// <summary>The next check the evidence asks for, or Done when the cause is decided (or nothing more can be learnt).</summary>
    public static Attr35Step NextStep(Attr35Evidence e)
    {
        var g = e.Group;
        if (g.Count == 0)
        {
            // No event: a configuration check of whatever was given, every check that can run.
            if (!e.MxChecked && e.DomainName is not null)
            {
                return Attr35Step.MxRecord;
            }

            if (!e.SmartHostsChecked && SmartHostsToCheck(e).Count > 0)
            {
                return Attr35Step.SmartHost;
            }

            return !e.ConnectorChecked && e.ConnectorsGiven ? Attr35Step.InboundConnector : Attr35Step.Done;
        }

        if (g.FamilyCount == 0)
        {
            return Attr35Step.Done;
        }

        if (OnlyTenantAttribution(g))
        {
            // EOP itself said the relay is not attributed: the connector is the question.
            return !e.ConnectorChecked && e.ConnectorsGiven ? Attr35Step.InboundConnector : Attr35Step.Done;
        }

        if (!e.MxChecked && e.DomainName is not null)
        {
            return Attr35Step.MxRecord;
        }

        if ((RelayFollowedMx(e) && e.MxRecord!.Status == CheckStatus.Fail) || IsNonTenantDomain(e))
        {
            return Attr35Step.Done;
        }

        if (!e.SmartHostsChecked && SmartHostsToCheck(e).Count > 0)
        {
            return Attr35Step.SmartHost;
        }

        if (SmartHostExplains(e) is not null)
        {
            return Attr35Step.Done;
        }

        return !e.ConnectorChecked && e.ConnectorsGiven && IsRelayedOutside(e) ? Attr35Step.InboundConnector : Attr35Step.Done;
    }

    /// <summary>
    /// The smart hosts to check: those the admin named, else the relay of the events, unless the
    /// relay is what the recipient domain's MX points at (then the MX check is the one that matters).
    /// </summary>
    public static IReadOnlyList<GivenSmartHost> SmartHostsToCheck(Attr35Evidence e)
    {
        if (e.GivenSmartHosts.Count > 0)
        {
            return e.GivenSmartHosts;
        }

        var relay = e.Group.Relay;
        if (relay is null || (e.MxChecked && RelayFollowedMx(e)) || (e.DomainName is not null && relay == e.DomainName))
        {
            return Array.Empty<GivenSmartHost>();
        }

        return new[] { new GivenSmartHost(relay, null, null) };
    }

    /// <summary>
    /// The reference for the smart host check: mail for a domain of the tenant (or for any domain
    /// in Microsoft 365) must go to that domain's host; mail relayed to a domain outside Microsoft
    /// 365 must go to the tenant's own host, named by -ExpectedHost or the first accepted domain.
    /// </summary>
    public static (string? DomainName, string? ExpectedHost) SmartHostReference(Attr35Evidence e)
    {
        if (e.DomainName is null)
        {
            return (e.AcceptedDomains.FirstOrDefault(), e.ExpectedHost);
        }

        if (IsAccepted(e, e.DomainName))
        {
            return (e.DomainName, e.ExpectedHost);
        }

        if (e.MxRecord is not null && e.MxRecord.Status != CheckStatus.Error && !RecipientInMicrosoft365(e))
        {
            return (e.AcceptedDomains.FirstOrDefault(), e.ExpectedHost);
        }

        return e.AcceptedDomains.Count == 0 ? (e.DomainName, e.ExpectedHost) : (e.DomainName, null);
    }

    /// <summary>Turns the evidence into the diagnosis.</summary>
    public static Attr35Diagnosis Diagnose(Attr35Evidence e)
    {
        var g = e.Group;
        var findings = new List<Finding>();
        Attr35Cause cause;
        string remedy;
        var domain = e.DomainName ?? "the recipient domain";

        if (g.Count == 0)
        {
            (cause, remedy) = DiagnoseWithoutEvents(e, findings);
        }
        else if (g.FamilyCount == 0)
        {
            cause = Attr35Cause.NotAttr35;
            remedy = AddNotAttr35(e, findings);
        }
        else
        {
            (cause, remedy) = DiagnoseFamily(e, findings, domain);
            AddNotAttr35(e, findings);
        }

        AddRegionEvidence(e, findings);

        var all = new List<Finding>(findings);
        if (e.MxRecord is not null)
        {
            all.AddRange(e.MxRecord.Findings);
        }

        foreach (var s in e.SmartHosts)
        {
            all.AddRange(s.Findings);
        }

        if (e.InboundConnector is not null)
        {
            all.AddRange(e.InboundConnector.Findings);
        }

        return new Attr35Diagnosis
        {
            DomainName = e.DomainName,
            Status = StatusRank.StatusOf(all),
            Cause = cause,
            Remedy = remedy,
            EventCount = g.Count,
            FirstSeen = g.FirstSeen,
            LastSeen = g.LastSeen,
            Relays = g.Relay is null ? e.GivenSmartHosts.Select(s => s.Text).ToArray() : new[] { g.Relay },
            RelayAddresses = g.RelayAddresses.ToArray(),
            FrontEnds = g.FrontEnds.ToArray(),
            Regions = g.Regions.ToArray(),
            Kinds = g.Kinds.OrderByDescending(k => k.Value).Select(k => k.Key).ToArray(),
            MxRecord = e.MxRecord,
            SmartHosts = e.SmartHosts.ToArray(),
            InboundConnector = e.InboundConnector,
            Findings = StatusRank.WorstFirst(all),
        };
    }

    private static (Attr35Cause, string) DiagnoseFamily(Attr35Evidence e, List<Finding> findings, string domain)
    {
        var g = e.Group;
        var relay = g.Relay;
        var what = Describe(g);

        if (!OnlyTenantAttribution(g))
        {
            if (RelayFollowedMx(e) && e.MxRecord!.Status == CheckStatus.Fail)
            {
                var failing = e.MxRecord.Findings.First(f => f.Severity == Severity.Fail);
                var remedy = $"In the DNS zone of {domain}: {failing.Remedy}";
                findings.Add(new Finding(Attr35CauseMxRecord, Severity.Fail, domain,
                    $"{what} for {domain} went {(relay is null ? "" : $"to {relay}, ")}where its MX record points, and that MX is wrong: {failing.Message.TrimEnd('.')}.",
                    remedy));
                return (Attr35Cause.MxRecord, remedy);
            }

            if (IsNonTenantDomain(e))
            {
                var mxHost = MicrosoftHosts(e).First();
                var remedy = $"Route mail for {domain} by its own MX ({mxHost}) instead of to {relay}: limit the send connector, relayhost or transport entry that sends to {relay} to the tenant's own domains (for example AddressSpaces of the tenant's domains instead of *), so mail for other tenants goes by DNS.";
                var notOurs = e.AcceptedDomains.Count > 0
                    ? $"{domain} is not one of the tenant's accepted domains"
                    : $"{domain} is not the domain of the tenant host {e.ExpectedHost}";
                findings.Add(new Finding(Attr35CauseSmartHost, Severity.Fail, relay ?? domain,
                    $"{what} for {domain} went to {relay}, which is not where mail for {domain} belongs: its MX points at {mxHost}, a host of another Microsoft 365 tenant.",
                    remedy));
                findings.Add(new Finding(Attr35NonTenantDomain, Severity.Fail, domain,
                    $"{notOurs}, yet its mail was sent to this tenant's endpoint {relay}: a catch-all send connector, relayhost or transport route sends every domain there, and Exchange Online cannot attribute mail for another tenant's domain.",
                    remedy));
                return (Attr35Cause.SmartHost, remedy);
            }

            var wrong = SmartHostExplains(e);
            if (wrong is not null)
            {
                var (result, failing) = wrong.Value;
                var from = result.Connector is null ? string.Empty : $" (send connector '{result.Connector}')";
                findings.Add(new Finding(Attr35CauseSmartHost, Severity.Fail, result.SmartHost,
                    $"{what} for {domain} went through the smart host {result.SmartHost}{from}, which is not the assigned host of the recipient's tenant: {failing.Message.TrimEnd('.')}.",
                    failing.Remedy));
                return (Attr35Cause.SmartHost, failing.Remedy);
            }
        }

        var connectorFailure = ConnectorExplains(e);
        if (connectorFailure is not null && (OnlyTenantAttribution(g) || IsRelayedOutside(e)))
        {
            var sender = e.InboundConnector!.SenderIPAddress ?? e.InboundConnector.CertificateNames.FirstOrDefault() ?? "the sending server";
            findings.Add(new Finding(Attr35CauseInboundConnector, Severity.Fail, sender,
                $"{what} for {domain}{(OnlyTenantAttribution(g) ? string.Empty : ", a domain outside Microsoft 365 relayed through the tenant,")} cannot be attributed to the tenant: no enabled OnPremises inbound connector matches {sender} ({connectorFailure.Message.TrimEnd('.')}).",
                connectorFailure.Remedy));
            return (Attr35Cause.InboundConnector, connectorFailure.Remedy);
        }

        if (OnlyTenantAttribution(g) && !e.ConnectorsGiven)
        {
            // The reply is Exchange Online's own verdict on the connector; the objects say which one to fix.
            var remedy = "Find the connector that should attribute the sending server: run Get-InboundConnector | Test-Attr35 -Message '<the reply>' -SenderIPAddress <public IP of the sending server> (or -CertificateName), or Test-InboundConnector, and add the server's current public IP or certificate name to that OnPremises connector.";
            findings.Add(new Finding(Attr35CauseInboundConnector, Severity.Fail, relay ?? domain,
                $"{what} for {domain}: Exchange Online says the relay is not attributed to a tenant, so no enabled OnPremises inbound connector matches the sending server's IP address or certificate (often after a new public IP or a renewed certificate).",
                remedy));
            return (Attr35Cause.InboundConnector, remedy);
        }

        var next = WhatToCollect(e);
        findings.Add(new Finding(Attr35CauseUnknown, Severity.Warning, relay ?? domain,
            $"{what} for {domain}: the checks that could run found nothing that explains it. Collect next: {next}",
            next));
        return (Attr35Cause.Unknown, next);
    }

    private static (Attr35Cause, string) DiagnoseWithoutEvents(Attr35Evidence e, List<Finding> findings)
    {
        var ran = e.MxChecked || e.SmartHostsChecked || e.ConnectorChecked;
        findings.Add(new Finding(Attr35NoEvent, Severity.Information, e.DomainName ?? string.Empty,
            ran
                ? "No ATTR35 event was in the input, so the checks ran on what was given."
                : "No ATTR35 event was in the input and nothing else was given to check.",
            ran
                ? "Pipe the evidence in as well (a queue, a log, an NDR, a message trace), so the diagnosis can follow the mail's path."
                : "Pipe the evidence in: Get-Queue | Test-Attr35, Test-Attr35 -Message '<NDR text>', Get-Content mail.log | Test-Attr35, or give -DomainName and -SmartHost to check the configuration."));

        if (e.MxRecord is { Status: CheckStatus.Fail } mx)
        {
            var failing = mx.Findings.First(f => f.Severity == Severity.Fail);
            var remedy = $"In the DNS zone of {mx.DomainName}: {failing.Remedy}";
            findings.Add(new Finding(Attr35CauseMxRecord, Severity.Fail, mx.DomainName,
                $"The MX record of {mx.DomainName} can send mail to the wrong Exchange Online region: {failing.Message.TrimEnd('.')}.", remedy));
            return (Attr35Cause.MxRecord, remedy);
        }

        if (SmartHostExplains(e) is { } wrong)
        {
            findings.Add(new Finding(Attr35CauseSmartHost, Severity.Fail, wrong.Result.SmartHost,
                $"The smart host {wrong.Result.SmartHost} can send mail to the wrong Exchange Online region: {wrong.Failing.Message.TrimEnd('.')}.", wrong.Failing.Remedy));
            return (Attr35Cause.SmartHost, wrong.Failing.Remedy);
        }

        if (ConnectorExplains(e) is { } connector)
        {
            findings.Add(new Finding(Attr35CauseInboundConnector, Severity.Fail, connector.Subject,
                $"No enabled OnPremises inbound connector attributes the sending server: {connector.Message.TrimEnd('.')}.", connector.Remedy));
            return (Attr35Cause.InboundConnector, connector.Remedy);
        }

        var anyFailed = new[] { e.MxRecord?.Status, e.InboundConnector?.Status }.Concat(e.SmartHosts.Select(s => (CheckStatus?)s.Status))
            .Any(st => st is CheckStatus.Fail or CheckStatus.Error);
        if (anyFailed)
        {
            // A check failed without naming a wrong host or connector (a live ATTR35 at RCPT TO, a
            // lookup that could not be completed): not None, and what to look at next.
            var next = WhatToCollect(e);
            findings.Add(new Finding(Attr35CauseUnknown, Severity.Warning, e.DomainName ?? string.Empty,
                $"A check failed, but not in a way that names a wrong MX record, smart host or connector. Collect next: {next}", next));
            return (Attr35Cause.Unknown, next);
        }

        return (Attr35Cause.None, ran ? "Nothing to change: every check that ran passes." : findings[0].Remedy);
    }

    /// <summary>One Attr35NotAttr35 finding per other kind of reply; returns the remedy of the most frequent.</summary>
    private static string AddNotAttr35(Attr35Evidence e, List<Finding> findings)
    {
        string? first = null;
        foreach (var kind in e.Group.Kinds.Where(k => !Attr35EventGroup.IsFamily(k.Key)).OrderByDescending(k => k.Value).Select(k => k.Key))
        {
            var sample = e.Group.FirstOfKind[kind];
            var (meaning, remedy) = MeaningOf(kind, sample, e);
            var count = e.Group.CountOf(kind);
            var code = sample.EnhancedCode ?? sample.Code?.ToString(CultureInfo.InvariantCulture) ?? "reply";
            findings.Add(new Finding(Attr35NotAttr35, Severity.Warning, e.DomainName ?? e.Group.Relay ?? string.Empty,
                $"{Plural(count, "reply", "replies")} {code} ({kind}) for {e.DomainName ?? "the recipient"} {(count == 1 ? "is" : "are")} not ATTR35: {meaning}",
                remedy));
            first ??= remedy;
        }

        return first ?? string.Empty;
    }

    /// <summary>What a reply that is not ATTR35 means, and what to do instead.</summary>
    internal static (string Meaning, string Remedy) MeaningOf(ReplyKind kind, Attr35Event sample, Attr35Evidence e)
    {
        var domain = e.DomainName ?? "the recipient domain";
        var recipient = sample.Recipient is null ? $"the recipient in {domain}" : SafeText.Escape(sample.Recipient);
        var host = e.ExpectedHost ?? MicrosoftHosts(e).FirstOrDefault() ?? (e.DomainName is null ? "the tenant's assigned host" : HostClassifier.AssignedHostHint(e.DomainName) + " (check the exact name in Microsoft Graph)");
        return kind switch
        {
            ReplyKind.RecipientRejected => (
                "the mail reached the recipient's tenant, which says the address does not exist (directory-based edge blocking). Routing is right.",
                $"Check the address {recipient}: create the mailbox, contact or alias in that tenant, or correct the address the sender uses."),
            ReplyKind.MultipleRegions => (
                "ATTR38: the recipients of one SMTP transaction live in different Exchange Online regions. Routing is right.",
                "Let the queue retry; if it persists, send one recipient domain per transaction to Exchange Online (Postfix: smtp_destination_recipient_limit = 1 on the transport to Microsoft 365)."),
            ReplyKind.MailLoop => (
                "ATTR34: the hop count was exceeded, so the mail loops between the sending servers and Exchange Online.",
                $"Find the loop in the message headers: a send connector, accepted domain (InternalRelay) or MX that sends mail for {domain} back to where it came from."),
            ReplyKind.NoMailSubscription => (
                $"ATTR5: {domain} is registered in a Microsoft 365 tenant that has no Exchange Online subscription, so that tenant cannot take the mail.",
                $"The owner of {domain} must license Exchange Online in that tenant or remove the domain from it; if {domain} is yours, check that its MX points at the tenant that holds its mailboxes."),
            ReplyKind.TemporaryError => (
                "a temporary Exchange Online server error (ATTR55, ATTR17, ATTR18).",
                "Nothing to change: let the queue retry. If it lasts for hours, check Service health in the Microsoft 365 admin center."),
            ReplyKind.Throttled => (
                "Exchange Online is throttling the sending server (rate, concurrency or reputation).",
                "Lower the concurrency and rate of the sending server towards Exchange Online (Postfix: smtp_destination_concurrency_limit), and let the queue retry."),
            ReplyKind.Blocked => (
                "the sending IP address or domain is blocked (banned address or block list).",
                "Check the sending IP address on the block list the reply names, and request delisting (https://sender.office.com for 5.7.606 to 5.7.649)."),
            ReplyKind.ClientSubmission => (
                "the reply came from the client-submission servers (smtp.office365.com), which take authenticated mail from users, not relayed mail.",
                $"Point the device or relay at the tenant's MX host {host} on port 25 (or authenticate on port 587 if it is meant to submit as a user)."),
            _ => (
                $"another Exchange Online reply: {Quote(SafeText.Escape(sample.Reply))}.",
                $"Look the enhanced status code {sample.EnhancedCode ?? "of the reply"} up in Microsoft's NDR reference for Exchange Online; Get-Attr35Event -All lists every such reply."),
        };
    }

    private static void AddRegionEvidence(Attr35Evidence e, List<Finding> findings)
    {
        var reached = e.Group.Regions;
        var probes = e.SmartHosts.Select(s => s.ReferenceProbe ?? s.Probe).Where(p => p?.Region is not null).ToList();
        if (reached.Count == 0 && probes.Count == 0)
        {
            return;
        }

        var parts = new List<string>();
        if (reached.Count > 0)
        {
            var frontEnds = e.Group.FrontEnds.Count == 0 ? string.Empty : $" ({string.Join(", ", e.Group.FrontEnds.Take(3))})";
            parts.Add($"the Exchange Online front ends that answered are in {string.Join(", ", reached)}{frontEnds}");
        }

        foreach (var p in probes.Take(2))
        {
            parts.Add($"{p!.BannerHost ?? p.Address} answered from {p.Region}");
        }

        findings.Add(new Finding(Attr35RegionEvidence, Severity.Information, e.DomainName ?? e.Group.Relay ?? string.Empty,
            $"Regions: {string.Join("; ", parts)}. A region read from a server name is a hint: it is the region the mail reached, not the tenant's home.",
            "None needed; compare with the region of the tenant's assigned host (Test-SmartHost <assigned host> -Probe)."));
    }

    private static string WhatToCollect(Attr35Evidence e)
    {
        var missing = new List<string>();
        if (e.Group.Relay is null && e.GivenSmartHosts.Count == 0)
        {
            missing.Add("the host the sending server delivers to (-SmartHost, or -SendConnector (Get-SendConnector), or the Postfix relayhost)");
        }

        if (e.DomainName is null)
        {
            missing.Add("the recipient domain (-DomainName)");
        }

        if (!e.ConnectorsGiven)
        {
            missing.Add("the tenant's inbound connectors (-InboundConnector (Get-InboundConnector))");
        }

        if (!e.SenderGiven && !e.Probe)
        {
            missing.Add("the sending server's public IP address or certificate name (-SenderIPAddress, -CertificateName, or -Probe to read it from Exchange Online)");
        }

        if (e.ExpectedHost is null)
        {
            missing.Add("the tenant's assigned host (-ExpectedHost, from Get-MgDomainServiceConfigurationRecord)");
        }

        if (e.AcceptedDomains.Count == 0)
        {
            missing.Add("the accepted domains (-AcceptedDomain (Get-AcceptedDomain))");
        }

        return missing.Count > 0
            ? string.Join("; ", missing) + "."
            : "a message trace of one deferred message (Get-MessageTraceV2 -RecipientAddress <recipient> | Get-MessageTraceDetailV2 | Test-Attr35), and whether the tenant uses Multi-Geo In-Region Routing (ATTR35 then also means an endpoint outside its allowed regions).";
    }

    /// <summary>True when the relay is one of the recipient domain's MX targets (by name or address), or the domain itself, or the events come from an Exchange DNS delivery queue (DNS routing).</summary>
    internal static bool RelayFollowedMx(Attr35Evidence e)
    {
        var relay = e.Group.Relay;
        if (e.MxRecord is null)
        {
            return false;
        }

        // An Exchange DNS delivery queue went where the MX points, whichever host it reached.
        if (e.Group.RoutedByMx)
        {
            return true;
        }

        if (relay is null)
        {
            return false;
        }

        if (e.DomainName is not null && relay == e.DomainName)
        {
            return true;
        }

        // By name only: Exchange Online's addresses are shared by every tenant's host, so an address
        // in common says nothing. An IP-literal MX is matched by the address the sender used.
        var addresses = new HashSet<string>(e.Group.RelayAddresses, StringComparer.OrdinalIgnoreCase) { relay };
        return e.MxRecord.Records.Any(r => string.Equals(r.Host, relay, StringComparison.OrdinalIgnoreCase)
            || (r.HostKind == HostKind.IpLiteral && addresses.Contains(r.Host)));
    }

    /// <summary>
    /// Mail for a domain hosted by another Microsoft 365 tenant went to this tenant's endpoint: the
    /// domain is not accepted here (or -ExpectedHost is this tenant's and the relay), its MX is a
    /// Microsoft 365 host, and the relay is a Microsoft 365 host that is not one of them.
    /// </summary>
    internal static bool IsNonTenantDomain(Attr35Evidence e)
    {
        var relay = e.Group.Relay;
        if (relay is null || e.DomainName is null || e.MxRecord is null || RelayFollowedMx(e))
        {
            return false;
        }

        var hosts = MicrosoftHosts(e);
        if (hosts.Count == 0)
        {
            return false;
        }

        var relayClass = HostClassifier.Classify(relay);
        if (relayClass.Kind != HostKind.Microsoft365 || hosts.Any(h => HostClassifier.IsSameTenantHost(HostClassifier.Classify(h), relayClass)))
        {
            return false;
        }

        if (e.AcceptedDomains.Count > 0)
        {
            return !IsAccepted(e, e.DomainName);
        }

        return e.ExpectedHost is not null && HostClassifier.IsSameTenantHost(HostClassifier.Classify(e.ExpectedHost), relayClass);
    }

    /// <summary>Mail relayed through the tenant to a recipient outside Microsoft 365: not accepted, and its MX has no Microsoft 365 host.</summary>
    internal static bool IsRelayedOutside(Attr35Evidence e) =>
        e.DomainName is not null && !IsAccepted(e, e.DomainName)
        && e.MxRecord is not null && e.MxRecord.Status != CheckStatus.Error && !RecipientInMicrosoft365(e);

    private static bool RecipientInMicrosoft365(Attr35Evidence e) => MicrosoftHosts(e).Count > 0;

    /// <summary>The recipient domain's MX hosts in Microsoft 365: tenant hosts, and consumer Outlook.com hosts (another tenant too).</summary>
    private static IReadOnlyList<string> MicrosoftHosts(Attr35Evidence e) =>
        e.MxRecord is null
            ? Array.Empty<string>()
            : e.MxRecord.Records
                .Where(r => r.HostKind == HostKind.Microsoft365 || r.Host.EndsWith(".olc.protection.outlook.com", StringComparison.Ordinal))
                .Select(r => r.Host).Distinct(StringComparer.Ordinal).ToList();

    private static bool IsAccepted(Attr35Evidence e, string domain) =>
        e.AcceptedDomains.Any(a => string.Equals(a, domain, StringComparison.OrdinalIgnoreCase) || domain.EndsWith("." + a, StringComparison.OrdinalIgnoreCase));

    private static (SmartHostResult Result, Finding Failing)? SmartHostExplains(Attr35Evidence e)
    {
        foreach (var result in e.SmartHosts)
        {
            var failing = result.Findings.FirstOrDefault(f => f.Severity == Severity.Fail && s_smartHostCauses.Contains(f.Code));
            if (failing is not null)
            {
                return (result, failing);
            }
        }

        return null;
    }

    private static Finding? ConnectorExplains(Attr35Evidence e) =>
        e.InboundConnector?.Findings.FirstOrDefault(f => f.Severity == Severity.Fail && s_connectorCauses.Contains(f.Code));

    private static bool OnlyTenantAttribution(Attr35EventGroup g) => g.FamilyCount > 0 && g.CountOf(ReplyKind.Attr35) == 0;

    private static string Describe(Attr35EventGroup g)
    {
        var attr35 = g.CountOf(ReplyKind.Attr35);
        var attribution = g.FamilyCount - attr35;
        if (attribution == 0)
        {
            return Plural(attr35, "ATTR35 deferral", "ATTR35 deferrals");
        }

        var kind = g.CountOf(ReplyKind.TenantAttribution) > 0 ? "TenantAttribution" : "TenantInboundAttribution";
        return attr35 == 0
            ? Plural(attribution, $"{kind} rejection", $"{kind} rejections")
            : $"{Plural(attr35, "ATTR35 deferral", "ATTR35 deferrals")} and {Plural(attribution, $"{kind} rejection", $"{kind} rejections")}";
    }

    private static string Plural(int n, string one, string many) =>
        n.ToString("N0", CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);

    private static string Quote(string text) => text.Length <= 200 ? text : text.Substring(0, 200) + "...";
}
