using System;
using System.Collections.Generic;
using System.Linq;
using ATTR35.Dns;
using static ATTR35.Microsoft365.FindingCodes;
using ATTR35.Base;

namespace ATTR35.Microsoft365;

/// <summary>
/// Why an MX record set is right or wrong for Microsoft 365: a pure function from what DNS said
/// (<see cref="MxObservation"/>) to records and findings. Every Test-MxRecord rule lives here.
/// </summary>
internal static class MxRecordRules
{
    /// <summary>Applies every rule to one observation.</summary>
    public static MxRecordResult Evaluate(MxObservation o)
    {
        var findings = new List<Finding>();
        var domain = o.DomainName;
        var expected = o.ExpectedHost is null ? null : HostClassifier.Classify(o.ExpectedHost);
        var result = new MxRecordResult { DomainName = domain, ExpectedHost = expected?.Host, NameServer = o.MxAnswer.NameServer };

        // The text built later keeps what it names alive until read: no lambda below captures
        // the observation itself (its DNS answers), only these.
        var servers = o.ServersDescription;

        // Lowest preference first, then by host; stable, as OrderBy was. A check hands each
        // target's classification over with it (the check needed it to decide on the address
        // lookup), so a host is classified once.
        var entries = new List<(ObservedMx Observed, HostClassification Class)>(o.Records.Count);
        foreach (var r in o.Records)
        {
            var entry = (Observed: r, Class: r.Class ?? HostClassifier.Classify(r.Host));
            var at = entries.Count;
            while (at > 0 && Compare(entries[at - 1].Observed, r) > 0)
            {
                at--;
            }

            entries.Insert(at, entry);
        }

        var records = new MxRecordEntry[entries.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var e = entries[i];
            records[i] = new MxRecordEntry
            {
                Preference = e.Observed.Preference,
                Host = e.Class.Kind == HostKind.NullMx ? "." : DnsName.Canonical(e.Observed.Host),
                HostKind = e.Class.Kind,
                Cloud = e.Class.Cloud,
                Addresses = e.Observed.Addresses?.Addresses.ToArray() ?? (e.Class.Kind == HostKind.IpLiteral ? new[] { e.Class.Host } : Array.Empty<string>()),
                IsAlias = e.Observed.Addresses?.IsAlias ?? false,
            };
        }

        result.Records = records;

        // Only remedies name it, and they are built when read.
        string? publishText = null;
        string Publish() => publishText ??= HostToPublish(domain, expected, entries.Select(e => e.Class));

        // A domain that does not exist or could not be asked gets its text at once: rare in bulk,
        // and it names the answer.
        if (o.MxAnswer.Outcome == DnsOutcome.NonExistentDomain)
        {
            findings.Add(new Finding(MxDomainNotFound, Severity.Fail, domain,
                $"The domain {domain} does not exist in DNS ({o.MxAnswer.Describe()}).",
                $"Check the spelling of {domain}. If it is right, publish its zone with the single record 'MX 0 {Publish()}'."));
            return Finish(result, findings);
        }

        if (o.MxAnswer.IsFailure)
        {
            findings.Add(new Finding(MxLookupFailed, Severity.Error, domain,
                $"The MX lookup for {domain} could not be completed: {o.MxAnswer.Describe()}.",
                $"Check that {o.ServersDescription} can be reached and answer for {domain} (or give -Server), raise -TimeoutSeconds if the server is slow, and run the check again."));
            return Finish(result, findings);
        }

        if (entries.Count == 0)
        {
            findings.Add(new Finding(MxNoRecords, Severity.Fail, domain,
                () => $"The domain {domain} exists but publishes no MX record, so senders fall back to its A record instead of Microsoft 365.",
                () => $"Publish the single record 'MX 0 {Publish()}' for {domain}."));
            return Finish(result, findings);
        }

        if (entries.Any(e => e.Class.Kind == HostKind.NullMx))
        {
            findings.Add(new Finding(MxNullMx, Severity.Fail, domain,
                () => entries.Count == 1
                    ? $"The domain {domain} publishes a null MX ('MX 0 .'): it declares that it accepts no mail at all."
                    : $"The domain {domain} publishes a null MX ('MX 0 .') beside other MX records, which RFC 7505 forbids; senders may treat the domain as accepting no mail.",
                () => $"Remove the null MX and publish 'MX 0 {Publish()}' for {domain}."));
        }

        foreach (var (observed, cls) in entries)
        {
            var shown = DnsName.TrimDot(observed.Host);
            switch (cls.Kind)
            {
                case HostKind.Microsoft365Legacy:
                    findings.Add(new Finding(MxLegacyHost, Severity.Fail, shown,
                        () => cls.Cloud == Cloud.Germany
                            ? $"The record '{Record(observed.Preference, shown)}' of {domain} points at the retired Microsoft Cloud Deutschland, which no longer accepts mail for any tenant."
                            : $"The record '{Record(observed.Preference, shown)}' of {domain} points at a retired shared Microsoft name, which lands mail in a region that cannot attribute it to the tenant (ATTR35).",
                        () => $"Replace '{Record(observed.Preference, shown)}' with 'MX 0 {Publish()}'."));
                    break;
                case HostKind.IpLiteral:
                    findings.Add(new Finding(MxIpLiteral, Severity.Fail, shown,
                        () => $"The record '{Record(observed.Preference, shown)}' of {domain} names an IP address, not a host; an MX target must be a host name, and Exchange Online addresses change and belong to one region.",
                        () => $"Replace '{Record(observed.Preference, shown)}' with 'MX 0 {Publish()}'."));
                    break;
                case HostKind.Microsoft365ClientSubmission:
                    findings.Add(new Finding(MxClientSubmissionHost, Severity.Fail, shown,
                        () => $"The record '{Record(observed.Preference, shown)}' of {domain} points at {cls.Host}, which is for authenticated client submission or High Volume Email, not for receiving a domain's mail.",
                        () => $"Replace '{Record(observed.Preference, shown)}' with 'MX 0 {Publish()}'."));
                    break;
                case HostKind.Microsoft365 or HostKind.Other when expected is not null && !HostClassifier.IsSameTenantHost(cls, expected) && !string.Equals(cls.Host, expected.Host, StringComparison.Ordinal):
                    findings.Add(new Finding(MxNotAssignedHost, Severity.Fail, shown,
                        () => $"The record '{Record(observed.Preference, shown)}' of {domain} points at {cls.Host}, not at the assigned host {expected.Host}.",
                        () => $"Replace '{Record(observed.Preference, shown)}' with 'MX 0 {expected.Host}'."));
                    break;
            }

            var lookup = observed.Addresses;
            if (lookup is null)
            {
                continue;
            }

            switch (lookup.Outcome)
            {
                case AddressLookupOutcome.NonExistent:
                case AddressLookupOutcome.NoAddresses:
                case AddressLookupOutcome.AliasLoop:
                    findings.Add(new Finding(MxTargetUnresolvable, Severity.Fail, shown,
                        () => lookup.Outcome == AddressLookupOutcome.AliasLoop
                            ? $"The MX target {shown} of {domain} cannot be resolved: {lookup.Error}."
                            : $"The MX target {shown} of {domain} has no A or AAAA record{(lookup.Outcome == AddressLookupOutcome.NonExistent ? " (the name does not exist)" : string.Empty)}, so no sender can deliver to it.",
                        () => cls.Kind == HostKind.Microsoft365
                            ? $"Check the host name for typing errors against the tenant's assigned host and publish 'MX 0 {Publish()}'."
                            : $"Publish an A record for {shown}, or replace '{Record(observed.Preference, shown)}' with 'MX 0 {Publish()}'."));
                    break;
                case AddressLookupOutcome.InvalidName:
                    findings.Add(new Finding(MxTargetUnresolvable, Severity.Fail, shown,
                        () => $"The MX target {shown} of {domain} is not a host name (it holds characters no host name has), so no sender can deliver to it.",
                        () => $"Replace '{Record(observed.Preference, shown)}' with 'MX 0 {Publish()}'."));
                    break;
                case AddressLookupOutcome.LookupFailed:
                    findings.Add(new Finding(MxLookupFailed, Severity.Error, shown,
                        () => $"The address lookup for the MX target {shown} of {domain} could not be completed: {lookup.Error}.",
                        () => $"Check that {servers} can be reached and resolve {shown}, raise -TimeoutSeconds if the server is slow, and run the check again."));
                    break;
            }

            if (lookup.IsAlias)
            {
                findings.Add(new Finding(MxTargetIsAlias, Severity.Warning, shown,
                    () => $"The MX target {shown} of {domain} is an alias (CNAME to {string.Join(" -> ", lookup.AliasChain)}); RFC 5321 requires MX targets to be host names with their own address records.",
                    () => $"Point the MX record at the final host directly: replace '{Record(observed.Preference, shown)}' with '{Record(observed.Preference, cls.Kind == HostKind.Other && lookup.AliasChain.Count > 0 ? lookup.AliasChain[lookup.AliasChain.Count - 1] : Publish())}'."));
            }
        }

        AddCloudFindings(domain, expected, entries, findings, Publish);
        AddTenantHostFindings(domain, entries, findings, Publish);

        if (o.Authoritative is not null)
        {
            AddAuthoritativeFindings(domain, o.Authoritative, findings);
        }

        if (OnlyInformation(findings) && AnyTenantHost(entries))
        {
            findings.Add(new Finding(MxAssignedHost, Severity.Information, domain,
                () => $"The MX records of {domain} point only at the Microsoft 365 host {string.Join(" and ", entries.Where(e => e.Class.Kind == HostKind.Microsoft365).Select(e => e.Class.Host).Distinct())}.",
                () => expected is null ? "None needed. Give -ExpectedHost with the tenant's assigned host to confirm it is the right one." : "None needed."));
        }

        return Finish(result, findings);
    }

    // A record as the findings quote it: "MX 10 mail.contoso.com".
    private static string Record(int preference, string host) => $"MX {preference} {host}";

    private static void AddCloudFindings(string domain, HostClassification? expected, List<(ObservedMx Observed, HostClassification Class)> entries, List<Finding> findings, Func<string> publish)
    {
        var clouded = entries.Where(e => e.Class.Cloud != Cloud.None).ToList();
        if (expected is not null && expected.Cloud != Cloud.None)
        {
            foreach (var e in clouded.Where(e => e.Class.Cloud != expected.Cloud))
            {
                findings.Add(new Finding(MxCloudMismatch, Severity.Fail, e.Class.Host,
                    () => $"The MX target {e.Class.Host} of {domain} belongs to the {e.Class.Cloud} cloud, but the assigned host {expected.Host} is in the {expected.Cloud} cloud; a host of one cloud never serves a tenant of another.",
                    () => $"Replace '{Record(e.Observed.Preference, e.Class.Host)}' with 'MX 0 {expected.Host}'."));
            }

            return;
        }

        var clouds = clouded.Select(e => e.Class.Cloud).Distinct().ToList();
        if (clouds.Count > 1)
        {
            findings.Add(new Finding(MxCloudMismatch, Severity.Fail, domain,
                () => $"The MX records of {domain} point at hosts of different Microsoft clouds ({string.Join(", ", clouded.Select(e => $"{e.Class.Host}: {e.Class.Cloud}"))}); a tenant lives in one cloud only.",
                () => $"Keep only the assigned host of the cloud the tenant is in: publish the single record 'MX 0 {publish()}'."));
        }
    }

    private static void AddTenantHostFindings(string domain, List<(ObservedMx Observed, HostClassification Class)> entries, List<Finding> findings, Func<string> publish)
    {
        var tenantHosts = entries.Where(e => e.Class.Kind == HostKind.Microsoft365).Select(e => e.Class).GroupBy(c => c.Host).Select(g => g.First()).ToList();

        // The DNSSEC pair of one token counts as one host.
        var identities = new List<HostClassification>();
        foreach (var host in tenantHosts)
        {
            var partner = identities.FirstOrDefault(i => i.IsDnssecPartnerOf(host));
            if (partner is not null)
            {
                var (classic, dnssec) = host.IsDnssecHost ? (partner, host) : (host, partner);
                findings.Add(new Finding(MxDnssecTransition, Severity.Information, domain,
                    () => $"The MX records of {domain} publish both {classic.Host} and its DNSSEC form {dnssec.Host}, as during a move to DNSSEC/DANE.",
                    () => $"When the move is complete, keep only 'MX 0 {dnssec.Host}'."));
                continue;
            }

            identities.Add(host);
        }

        if (identities.Count > 1)
        {
            findings.Add(new Finding(MxMultipleMicrosoftHosts, Severity.Warning, domain,
                () => $"The MX records of {domain} point at {identities.Count} different Microsoft 365 hosts ({string.Join(", ", identities.Select(i => i.Host))}); Microsoft recommends exactly one, and a host of another tenant sends mail to the wrong place.",
                () => $"Publish only the domain's own assigned host: 'MX 0 {publish()}'."));
        }

        var others = entries.Where(e => e.Class.Kind == HostKind.Other).Select(e => e.Class.Host).Distinct().ToList();
        if (tenantHosts.Count > 0 && others.Count > 0)
        {
            findings.Add(new Finding(MxMixedProviders, Severity.Warning, domain,
                () => $"The MX records of {domain} mix Microsoft 365 ({string.Join(", ", tenantHosts.Select(h => h.Host))}) with other hosts ({string.Join(", ", others)}); mail that takes the other path reaches Microsoft 365 through a relay that needs its own connector.",
                () => $"Publish only 'MX 0 {publish()}', or route all mail through the other hosts and check their smart host with Test-SmartHost."));
        }

        if (tenantHosts.Count == 0 && others.Count > 0)
        {
            findings.Add(new Finding(MxNotMicrosoft365, Severity.Information, domain,
                () => $"No MX record of {domain} points at Microsoft 365 ({string.Join(", ", others)}): mail arrives through a gateway or another service first.",
                () => "Check that the gateway relays to the tenant's assigned host (Test-SmartHost) and that an inbound connector in Microsoft 365 matches the gateway (Test-InboundConnector)."));
        }
    }

    private static void AddAuthoritativeFindings(string domain, IReadOnlyList<AuthoritativeMxAnswer> answers, List<Finding> findings)
    {
        if (answers.Count == 0)
        {
            findings.Add(new Finding(MxAuthoritativeLookupFailed, Severity.Warning, domain,
                () => $"The authoritative name servers of {domain} could not be found or resolved, so -Authoritative could not compare them.",
                () => $"Check the NS records of the zone of {domain} and that their host names resolve."));
            return;
        }

        foreach (var failed in answers.Where(a => a.Answer.IsFailure))
        {
            findings.Add(new Finding(MxAuthoritativeLookupFailed, Severity.Warning, failed.ServerName,
                () => $"The authoritative name server {failed.ServerName} ({failed.Endpoint}) of {domain} did not answer the MX question: {failed.Answer.Describe()}.",
                () => $"Check that {failed.ServerName} is reachable and serves the zone of {domain}, or remove it from the zone's NS records."));
        }

        var answered = answers.Where(a => !a.Answer.IsFailure)
            .Select(a => (a.ServerName, a.Endpoint, Set: DescribeMxSet(domain, a.Answer)))
            .ToList();
        var distinct = answered.Select(a => a.Set).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 1)
        {
            findings.Add(new Finding(MxAuthoritativeMismatch, Severity.Warning, domain,
                () => $"The authoritative name servers of {domain} disagree: {string.Join("; ", answered.Select(a => $"{a.ServerName} answers {a.Set}"))}.",
                () => $"Make every name server of the zone serve the current zone (check zone transfers and the SOA serial on {string.Join(", ", answered.Select(a => a.ServerName))}); senders use whichever server they reach."));
        }
    }

    private static string DescribeMxSet(string domain, DnsAnswer answer)
    {
        if (answer.Outcome == DnsOutcome.NonExistentDomain)
        {
            return "NXDOMAIN";
        }

        var set = answer.Answers.Where(r => r.Type == DnsRecordType.MX && DnsName.Same(r.Name, domain))
            .Select(r => $"{r.Preference} {(r.Data.Length == 0 ? "." : r.Data.ToLowerInvariant())}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
        return set.Count == 0 ? "no MX" : "'" + string.Join(", ", set) + "'";
    }

    /// <summary>
    /// The host a remedy tells the admin to publish: the given assigned host, else the single tenant
    /// host already published, else a hint with where to find the real value.
    /// </summary>
    public static string HostToPublish(string domain, HostClassification? expected, IEnumerable<HostClassification> published)
    {
        if (expected is not null)
        {
            return expected.Host;
        }

        var tenant = published.Where(c => c.Kind == HostKind.Microsoft365).Select(c => c.Host).Distinct().ToList();
        if (tenant.Count == 1)
        {
            return tenant[0];
        }

        return $"<the domain's assigned host, for example {HostClassifier.AssignedHostHint(domain)}: see Get-MgDomainServiceConfigurationRecord or the Microsoft 365 admin center>";
    }

    private static int Compare(ObservedMx a, ObservedMx b)
    {
        var byPreference = a.Preference.CompareTo(b.Preference);
        return byPreference != 0 ? byPreference : string.CompareOrdinal(a.Host, b.Host);
    }

    private static bool OnlyInformation(List<Finding> findings)
    {
        foreach (var f in findings)
        {
            if (f.Severity != Severity.Information)
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnyTenantHost(List<(ObservedMx Observed, HostClassification Class)> entries)
    {
        foreach (var e in entries)
        {
            if (e.Class.Kind == HostKind.Microsoft365)
            {
                return true;
            }
        }

        return false;
    }

    private static MxRecordResult Finish(MxRecordResult result, List<Finding> findings)
    {
        result.Findings = StatusRank.WorstFirst(findings);
        result.Status = StatusRank.StatusOf(findings);
        return result;
    }
}
