using System;
using System.Collections.Generic;
using System.Linq;
using ATTR35.Dns;
using ATTR35.Smtp;
using static ATTR35.Microsoft365.FindingCodes;

namespace ATTR35.Microsoft365;

/// <summary>
/// Why a smart host is right or wrong for sending to Microsoft 365: a pure function from what DNS
/// and the SMTP probe showed (<see cref="SmartHostObservation"/>) to findings.
/// </summary>
internal static class SmartHostRules
{
    private static readonly TimeSpan s_clockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Applies every rule to one observation.</summary>
    public static SmartHostResult Evaluate(SmartHostObservation o, DateTime utcNow)
    {
        var findings = new List<Finding>();
        var smartHost = o.SmartHost;
        var self = HostClassifier.Classify(o.Address.Address?.ToString() ?? o.Address.Host);
        var references = o.ReferenceHosts.Select(HostClassifier.Classify).ToList();
        var use = UseInstead(o, references);
        var where = o.Connector is null ? string.Empty : $" of send connector '{o.Connector}'";

        var destinations = o.Destinations.Select(d => (Observed: d, Class: HostClassifier.Classify(d.Host))).ToList();
        var result = new SmartHostResult
        {
            SmartHost = smartHost,
            Host = self.Host,
            Port = o.Port,
            Connector = o.Connector,
            DomainName = o.DomainName,
            ExpectedHost = o.ExpectedHost,
            ReferenceHosts = o.ReferenceHosts.ToArray(),
            HostKind = self.Kind,
            Cloud = self.Cloud,
            Destinations = destinations.Select(d => new SmartHostDestination
            {
                Host = d.Class.Host,
                Preference = d.Observed.Preference,
                Via = d.Observed.Via,
                HostKind = d.Class.Kind,
                Cloud = d.Class.Cloud,
                Addresses = d.Observed.Addresses?.Addresses.ToArray() ?? new[] { d.Class.Host },
            }).ToArray(),
            Probe = o.Probe?.Probe,
            ReferenceProbe = o.ReferenceProbe?.Probe,
        };

        // What the smart host itself is.
        switch (self.Kind)
        {
            case HostKind.IpLiteral:
                findings.Add(new Finding(SmartHostIpLiteral, Severity.Fail, self.Host,
                    $"The smart host {smartHost}{where} is an IP address; Exchange Online addresses change and each belongs to one region, so mail sent to it can reach a region that cannot attribute it (ATTR35).",
                    $"Replace {smartHost} with {use}."));
                break;
            case HostKind.Microsoft365Legacy:
                findings.Add(new Finding(SmartHostLegacyHost, Severity.Fail, self.Host,
                    $"The smart host {smartHost}{where} is a retired shared Microsoft name that lands mail in a region that cannot attribute it to the tenant.",
                    $"Replace {smartHost} with {use}."));
                break;
            case HostKind.Microsoft365ClientSubmission:
                findings.Add(new Finding(SmartHostClientSubmission, Severity.Fail, self.Host,
                    $"The smart host {smartHost}{where} is {self.Host}, a host for authenticated client submission (or High Volume Email), not for relaying a server's mail; anonymous relay through it fails.",
                    $"Replace {smartHost} with {use} on port 25."));
                break;
        }

        if (o.Port == 587 && self.Kind != HostKind.Microsoft365ClientSubmission)
        {
            findings.Add(new Finding(SmartHostClientSubmission, Severity.Fail, $"{self.Host}:{o.Port}",
                $"The smart host {smartHost}{where} is used on port 587, the client submission port; Exchange Online takes relayed and inbound mail on port 25.",
                $"Send to {use} on port 25."));
        }

        if (o.ReferenceFailure is not null)
        {
            findings.Add(new Finding(SmartHostLookupFailed, Severity.Error, o.DomainName ?? string.Empty,
                $"The MX lookup for the reference domain {o.DomainName} could not be completed: {o.ReferenceFailure.Describe()}.",
                "Check that the DNS server can be reached and answers for the domain, or give -ExpectedHost, and run the check again."));
        }

        // Where it leads.
        var dnsFailed = false;
        if (o.MxAnswer is { IsFailure: true })
        {
            dnsFailed = true;
            findings.Add(new Finding(SmartHostLookupFailed, Severity.Error, self.Host,
                $"The MX lookup for the smart host {self.Host} could not be completed: {o.MxAnswer.Describe()}.",
                "Check that the DNS server can be reached and resolves the smart host, raise -TimeoutSeconds if it is slow, and run the check again."));
        }

        foreach (var (observed, _) in destinations.Where(d => d.Observed.Addresses is { Outcome: AddressLookupOutcome.LookupFailed }))
        {
            dnsFailed = true;
            findings.Add(new Finding(SmartHostLookupFailed, Severity.Error, observed.Host,
                $"The address lookup for {observed.Host} could not be completed: {observed.Addresses!.Error}.",
                "Check that the DNS server can be reached and resolves the host, raise -TimeoutSeconds if it is slow, and run the check again."));
        }

        var reachable = destinations.Where(d => d.Observed.Addresses is null || d.Observed.Addresses.Addresses.Count > 0).ToList();
        if (!dnsFailed && self.Kind != HostKind.IpLiteral && reachable.Count == 0)
        {
            var how = o.Address.UseMxLookup ? "no MX record and no A or AAAA record" : "no A or AAAA record (brackets skip the MX lookup)";
            findings.Add(new Finding(SmartHostUnresolvable, Severity.Fail, self.Host,
                $"The smart host {smartHost}{where} has {how}, so mail cannot be delivered to it.",
                $"Correct the host name, or use {use}."));
        }

        if (self.Kind != HostKind.IpLiteral)
        {
            foreach (var (observed, cls) in reachable)
            {
                if (string.Equals(cls.Host, self.Host, StringComparison.Ordinal) && self.Kind != HostKind.Microsoft365)
                {
                    continue;
                }

                AddDestinationFindings(findings, smartHost, where, cls, references, use);
            }

            var anyMicrosoft = reachable.Any(d => d.Class.Kind != HostKind.Other) || self.Kind != HostKind.Other;
            if (!anyMicrosoft && reachable.Count > 0)
            {
                findings.Add(new Finding(SmartHostNotMicrosoft365, Severity.Information, self.Host,
                    $"The smart host {smartHost}{where} leads to {string.Join(", ", reachable.Select(d => d.Class.Host))}, not to Microsoft 365: a relay or gateway sits in between.",
                    "Check that hop's own smart host with Test-SmartHost, and that an inbound connector in Microsoft 365 matches it (Test-InboundConnector)."));
            }
            else if (references.Count == 0 && o.ReferenceFailure is null && reachable.Any(d => d.Class.Kind == HostKind.Microsoft365))
            {
                findings.Add(new Finding(SmartHostNoReference, Severity.Information, self.Host,
                    $"The smart host {smartHost}{where} leads to the Microsoft 365 host {string.Join(", ", reachable.Where(d => d.Class.Kind == HostKind.Microsoft365).Select(d => d.Class.Host))}, but there was nothing to compare it with.",
                    "Give -ExpectedHost (the tenant's assigned host) or -DomainName (a domain of the tenant) to check it is the tenant's own host."));
            }
        }

        AddProbeFindings(findings, o, smartHost, utcNow);

        if (!findings.Any(f => f.Severity != Severity.Information) && references.Count > 0
            && reachable.Count > 0 && reachable.All(d => references.Any(r => HostClassifier.IsSameTenantHost(d.Class, r))))
        {
            findings.Add(new Finding(SmartHostAssignedHost, Severity.Information, self.Host,
                $"The smart host {smartHost}{where} leads only to the tenant's host {string.Join(", ", reachable.Select(d => d.Class.Host).Distinct())}.",
                "None needed."));
        }

        result.Findings = StatusRank.WorstFirst(findings);
        result.Status = StatusRank.StatusOf(findings);
        return result;
    }

    private static void AddDestinationFindings(List<Finding> findings, string smartHost, string where, HostClassification cls, List<HostClassification> references, string use)
    {
        switch (cls.Kind)
        {
            case HostKind.Microsoft365Legacy:
                findings.Add(new Finding(SmartHostLegacyHost, Severity.Fail, cls.Host,
                    $"The smart host {smartHost}{where} leads to {cls.Host}, a retired shared Microsoft name.",
                    $"Publish the assigned host in the MX of the smart host's domain, or use {use}."));
                break;
            case HostKind.Microsoft365ClientSubmission:
                findings.Add(new Finding(SmartHostClientSubmission, Severity.Fail, cls.Host,
                    $"The smart host {smartHost}{where} leads to {cls.Host}, a client submission host.",
                    $"Use {use} on port 25."));
                break;
            case HostKind.Microsoft365 when references.Count > 0:
                if (!references.Any(r => HostClassifier.IsSameTenantHost(cls, r)))
                {
                    var reference = references[0];
                    if (reference.Cloud != Cloud.None && reference.Cloud != cls.Cloud)
                    {
                        findings.Add(new Finding(SmartHostCloudMismatch, Severity.Fail, cls.Host,
                            $"The smart host {smartHost}{where} leads to {cls.Host} in the {cls.Cloud} cloud, but the reference host {reference.Host} is in the {reference.Cloud} cloud; a host of one cloud never serves a tenant of another.",
                            $"Use {reference.Host}."));
                    }
                    else
                    {
                        findings.Add(new Finding(SmartHostNotAssignedHost, Severity.Fail, cls.Host,
                            $"The smart host {smartHost}{where} leads to the Microsoft 365 host {cls.Host}, not to the reference host {string.Join(" or ", references.Select(r => r.Host))}.",
                            $"Replace {smartHost} with {reference.Host}."));
                    }
                }

                break;
        }
    }

    private static void AddProbeFindings(List<Finding> findings, SmartHostObservation o, string smartHost, DateTime utcNow)
    {
        var outcome = o.Probe;
        if (outcome is null)
        {
            return;
        }

        var probe = outcome.Probe;
        var subject = probe.Address;
        switch (outcome.Status)
        {
            case SmtpProbeStatus.ConnectFailed:
                findings.Add(new Finding(SmartHostConnectFailed, Severity.Error, subject,
                    $"Could not connect to {smartHost} at {probe.Address}: {outcome.Detail}.",
                    $"Check the network path from this machine to {probe.Address} (firewall, outbound port {o.Port}), and that the server is running."));
                return;
            case SmtpProbeStatus.ProtocolError:
                findings.Add(new Finding(SmartHostProtocolError, Severity.Error, subject,
                    $"The server {smartHost} at {probe.Address} broke the SMTP conversation: {outcome.Detail}.",
                    "Check that the address really is an SMTP server on this port, and what sits in front of it (a proxy, a load balancer, a TLS-inspecting firewall)."));
                return;
            case SmtpProbeStatus.TlsFailed:
                findings.Add(new Finding(SmartHostTlsFailed, Severity.Error, subject,
                    $"The TLS handshake with {smartHost} at {probe.Address} failed: {outcome.Detail}.",
                    "Check for a TLS-inspecting firewall or proxy between this machine and the server, and the TLS versions both sides allow (Exchange Online requires TLS 1.2)."));
                return;
        }

        if (!probe.StartTlsOffered || outcome.StartTlsRefused)
        {
            findings.Add(new Finding(SmartHostNoStartTls, Severity.Warning, subject,
                outcome.StartTlsRefused
                    ? $"The server {smartHost} at {probe.Address} offers STARTTLS but refused it: {outcome.Detail}."
                    : $"The server {smartHost} at {probe.Address} does not offer STARTTLS; Exchange Online always does, so something else answers on this address.",
                "Check what answers on this address: Exchange Online front ends always offer STARTTLS, and certificate-based connectors need TLS."));
        }

        var cert = probe.Certificate;
        if (cert is not null)
        {
            var problems = new List<string>();
            if (cert.NotAfter.ToUniversalTime() < utcNow - s_clockSkew)
            {
                problems.Add($"it expired on {cert.NotAfter:yyyy-MM-dd}");
            }

            if (cert.NotBefore.ToUniversalTime() > utcNow + s_clockSkew)
            {
                problems.Add($"it is not valid before {cert.NotBefore:yyyy-MM-dd}");
            }

            if (!cert.ChainValid)
            {
                problems.Add("its chain is not trusted on this machine");
            }

            if (!cert.NameMatches)
            {
                problems.Add($"its names ({string.Join(", ", cert.DnsNames)}) do not match the host name it was reached by");
            }

            if (problems.Count > 0)
            {
                findings.Add(new Finding(SmartHostCertificateInvalid, Severity.Warning, subject,
                    $"The certificate of {smartHost} at {probe.Address} ({cert.Subject}) is not valid: {string.Join("; ", problems)}.",
                    "Exchange Online presents a certificate for mail.protection.outlook.com from a public CA; a different certificate means something else answers (a TLS-inspecting proxy, or not Exchange Online)."));
            }
        }

        var reference = o.ReferenceProbe?.Probe;
        if (reference?.Region is not null && probe.Region is not null && !string.Equals(reference.Region, probe.Region, StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new Finding(SmartHostRegionMismatch, Severity.Warning, subject,
                $"The smart host {smartHost} answers as {probe.BannerHost} (region {probe.Region}), but the reference host answers as {reference.BannerHost} (region {reference.Region}); the region in a front-end name is a hint, not proof.",
                "If messages through this smart host are deferred with ATTR35, point it at the tenant's assigned host so mail reaches the tenant's region."));
        }

        if (o.RecipientTested && outcome.SenderRejected)
        {
            if (ExchangeReply.TryParse(probe.SenderReply, out var mail) && mail!.Kind == ReplyKind.ClientSubmission)
            {
                findings.Add(ClientSubmissionReply(subject, smartHost, "MAIL FROM", probe.SenderReply!, mail));
            }
            else
            {
                // The live test was asked for and not done: that is "could not test", never a pass.
                findings.Add(new Finding(SmartHostSenderRejected, Severity.Error, subject,
                    $"MAIL FROM through {smartHost} was refused ({probe.SenderReply}), so RCPT TO:<{o.Recipient}> was not tried and the live ATTR35 test could not be done.",
                    "Give -Sender with an address the server accepts, such as postmaster@ one of the tenant's accepted domains, and run the check again."));
            }
        }

        if (o.RecipientTested && probe.RecipientReply is not null)
        {
            var code = probe.RecipientReplyCode ?? 0;
            ExchangeReply.TryParse(probe.RecipientReply, out var reply);
            var answeredBy = reply?.FrontEnd is null ? string.Empty
                : reply.Region is null ? $" (answered by {reply.FrontEnd})" : $" (answered by {reply.FrontEnd}, region {reply.Region})";
            switch (reply?.Kind)
            {
                case ReplyKind.Attr35:
                    findings.Add(new Finding(SmartHostAttr35Deferred, Severity.Fail, subject,
                        $"RCPT TO:<{o.Recipient}> through {smartHost} was deferred with ATTR35{answeredBy}: {probe.RecipientReply}.",
                        "Mail reaches a region that cannot attribute it to the tenant: point the smart host at the tenant's assigned host, and check the inbound connector matches this server (Test-InboundConnector with the ObservedClientAddress of this probe)."));
                    break;
                case ReplyKind.TenantAttribution or ReplyKind.TenantInboundAttribution:
                    findings.Add(new Finding(SmartHostTenantAttribution, Severity.Fail, subject,
                        $"RCPT TO:<{o.Recipient}> through {smartHost} was refused with {reply.EnhancedCode} {(reply.Kind == ReplyKind.TenantAttribution ? "TenantAttribution" : "TenantInboundAttribution")}{answeredBy}, the same family as ATTR35: {probe.RecipientReply}.",
                        reply.Kind == ReplyKind.TenantAttribution
                            ? $"No inbound connector attributes this sender to a tenant: check with Test-InboundConnector -SenderIPAddress {(probe.ObservedClientAddress ?? "<the address Exchange Online sees>")} (or -CertificateName with the name of the certificate this server presents) that an enabled OnPremises connector matches its IP address or certificate."
                            : "A partner connector restricted to IP addresses or a certificate matched the recipient domain, or the tenant refuses direct send: check the partner connector's RestrictDomainsToIPAddresses / RestrictDomainsToCertificate, or relay through an OnPremises connector that matches this server."));
                    break;
                case ReplyKind.ClientSubmission:
                    findings.Add(ClientSubmissionReply(subject, smartHost, "RCPT TO", probe.RecipientReply, reply));
                    break;
                default:
                    if (code >= 400)
                    {
                        findings.Add(new Finding(SmartHostRecipientRejected, Severity.Warning, subject,
                            $"RCPT TO:<{o.Recipient}> through {smartHost} was answered {probe.RecipientReply}.",
                            "Check the recipient address and the reply text; this is not the ATTR35 deferral."));
                    }
                    else if (code is >= 200 and < 300)
                    {
                        findings.Add(new Finding(SmartHostRecipientAccepted, Severity.Information, subject,
                            $"RCPT TO:<{o.Recipient}> through {smartHost} was accepted: {probe.RecipientReply} (no message was sent).",
                            "None needed."));
                    }

                    break;
            }
        }
    }

    private static Finding ClientSubmissionReply(string subject, string smartHost, string command, string replyText, ExchangeReply reply) =>
        new(SmartHostClientSubmissionReply, Severity.Fail, subject,
            $"{command} through {smartHost} was answered by a client-submission server{(reply.FrontEnd is null ? string.Empty : " (" + reply.FrontEnd + ")")}: {replyText}. The sending server talks to smtp.office365.com (authenticated submission on 587), not to the tenant's MX endpoint.",
            "Point the device or connector at the tenant's assigned host (token.mail.protection.outlook.com, port 25) for relay or direct send, with an inbound connector that matches it; smtp.office365.com is only for senders that sign in.");

    private static string UseInstead(SmartHostObservation o, List<HostClassification> references)
    {
        if (references.Count > 0)
        {
            return references[0].Host;
        }

        if (o.DomainName is not null)
        {
            return $"the tenant's assigned host (for example {HostClassifier.AssignedHostHint(o.DomainName)}) or {o.DomainName} resolved by MX";
        }

        return "the tenant's assigned host (token.mail.protection.outlook.com, from Get-MgDomainServiceConfigurationRecord) or the tenant's <tenant>.onmicrosoft.com domain resolved by MX";
    }
}
