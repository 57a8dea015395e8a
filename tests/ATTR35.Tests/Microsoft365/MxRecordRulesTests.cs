using System;
using System.Collections.Generic;
using System.Linq;
using ATTR35.Dns;
using ATTR35.Microsoft365;
using Xunit;

namespace ATTR35.Tests.Microsoft365;

public class MxRecordRulesTests
{
    private static readonly AddressLookup s_resolved = new("x", AddressLookupOutcome.Resolved, new[] { "192.0.2.1" }, Array.Empty<string>(), null, "ns");

    private static MxRecordResult Evaluate(string? expected, params (int Preference, string Host)[] records)
    {
        var answers = records.Select(r => new DnsRecord("contoso.com", DnsRecordType.MX, 300, r.Host, r.Preference)).ToList();
        return MxRecordRules.Evaluate(new MxObservation
        {
            DomainName = "contoso.com",
            ExpectedHost = expected,
            MxAnswer = new DnsAnswer(DnsOutcome.Success, answers, Array.Empty<DnsRecord>(), "ns", null),
            Records = records.Select(r => new ObservedMx(r.Preference, r.Host, HostClassifier.Classify(r.Host).Kind is HostKind.NullMx or HostKind.IpLiteral ? null : s_resolved)).ToList(),
        });
    }

    private static IEnumerable<string> Codes(MxRecordResult r) => r.Findings.Select(f => f.Code);

    [Fact]
    public void The_single_assigned_host_passes()
    {
        var r = Evaluate("contoso-com.mail.protection.outlook.com", (0, "contoso-com.mail.protection.outlook.com"));
        Assert.Equal(CheckStatus.Pass, r.Status);
        Assert.Equal(new[] { FindingCodes.MxAssignedHost }, Codes(r));
    }

    [Fact]
    public void Another_tenants_host_fails_only_with_an_expected_host()
    {
        Assert.Equal(CheckStatus.Pass, Evaluate(null, (0, "fabrikam-com.mail.protection.outlook.com")).Status);
        var r = Evaluate("contoso-com.mail.protection.outlook.com", (0, "fabrikam-com.mail.protection.outlook.com"));
        Assert.Equal(CheckStatus.Fail, r.Status);
        Assert.Contains(FindingCodes.MxNotAssignedHost, Codes(r));
        Assert.Contains("MX 0 contoso-com.mail.protection.outlook.com", r.Findings[0].Remedy);
    }

    [Fact]
    public void The_dnssec_pair_is_a_transition_not_two_hosts()
    {
        var r = Evaluate(null, (0, "contoso-com.mail.protection.outlook.com"), (10, "contoso-com.o-v1.mx.microsoft"));
        Assert.Equal(CheckStatus.Pass, r.Status);
        Assert.Contains(FindingCodes.MxDnssecTransition, Codes(r));
        Assert.DoesNotContain(FindingCodes.MxMultipleMicrosoftHosts, Codes(r));
    }

    [Fact]
    public void Two_tokens_are_two_hosts()
    {
        var r = Evaluate(null, (0, "contoso-com.mail.protection.outlook.com"), (10, "contoso-com01b.mail.protection.outlook.com"));
        Assert.Equal(CheckStatus.Warning, r.Status);
        Assert.Contains(FindingCodes.MxMultipleMicrosoftHosts, Codes(r));
    }

    [Fact]
    public void Findings_are_worst_first_and_status_is_the_worst()
    {
        var r = Evaluate(null, (0, "contoso-com.mail.protection.outlook.com"), (10, "mail.messaging.microsoft.com"), (20, "mx.gateway.example"));
        Assert.Equal(CheckStatus.Fail, r.Status);
        Assert.Equal(Severity.Fail, r.Findings[0].Severity);
        Assert.True(r.Findings.Select(f => StatusRank.Of(f.Severity)).SequenceEqual(r.Findings.Select(f => StatusRank.Of(f.Severity)).OrderByDescending(x => x)));
    }

    [Fact]
    public void A_null_mx_beside_other_records_is_still_reported()
    {
        var r = Evaluate(null, (0, ""), (10, "contoso-com.mail.protection.outlook.com"));
        Assert.Contains(FindingCodes.MxNullMx, Codes(r));
    }

    [Fact]
    public void Lookup_failure_is_error_never_pass_or_fail()
    {
        var r = MxRecordRules.Evaluate(new MxObservation
        {
            DomainName = "contoso.com",
            MxAnswer = DnsAnswer.Failed(DnsOutcome.Timeout, "192.0.2.53:53", "no answer from 192.0.2.53:53 within 5 s"),
        });
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.Equal(FindingCodes.MxLookupFailed, r.Findings.Single().Code);
    }

    [Fact]
    public void A_failed_target_lookup_is_an_error_finding()
    {
        var failed = new AddressLookup("contoso-com.mail.protection.outlook.com", AddressLookupOutcome.LookupFailed, Array.Empty<string>(), Array.Empty<string>(), "SERVFAIL", null);
        var r = MxRecordRules.Evaluate(new MxObservation
        {
            DomainName = "contoso.com",
            MxAnswer = new DnsAnswer(DnsOutcome.Success, Array.Empty<DnsRecord>(), Array.Empty<DnsRecord>(), "ns", null),
            Records = new[] { new ObservedMx(0, "contoso-com.mail.protection.outlook.com", failed) },
        });
        Assert.Equal(CheckStatus.Error, r.Status);
        Assert.Contains(FindingCodes.MxLookupFailed, Codes(r));
    }

    [Fact]
    public void The_remedy_without_an_expected_host_says_where_to_find_it()
    {
        var r = Evaluate(null, (0, "mail.messaging.microsoft.com"));
        Assert.Contains("contoso-com.mail.protection.outlook.com", r.Findings[0].Remedy);
        Assert.Contains("Get-MgDomainServiceConfigurationRecord", r.Findings[0].Remedy);
    }
}
