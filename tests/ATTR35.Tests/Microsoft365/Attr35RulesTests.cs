using System;
using System.Collections.Generic;
using System.Linq;
using ATTR35.Connectors;
using ATTR35.Dns;
using ATTR35.Microsoft365;
using ATTR35.Smtp;
using Xunit;

namespace ATTR35.Tests.Microsoft365;

/// <summary>
/// Test-Attr35's rules over events built here and check results made by the real MX, smart host
/// and connector rules from DNS answers written here: the steps they ask for, in order, and the
/// Cause and findings they give. Each Cause has a case that fails when its branch is removed.
/// </summary>
public class Attr35RulesTests
{
    // Steps are compared as text: xunit under Mono (net472) compares an array of an internal enum
    // with a list item by item as Int32 and reports them different.

    private const string Attr35Reply = "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]";
    private const string OurHost = "contoso-com.mail.protection.outlook.com";

    /// <summary>What DNS says in these tests: domain -> MX hosts (absent: NXDOMAIN).</summary>
    private static readonly Dictionary<string, string[]> s_mx = new(StringComparer.OrdinalIgnoreCase)
    {
        ["contoso.com"] = new[] { OurHost },
        ["legacy.contoso.com"] = new[] { "mail.messaging.microsoft.com" },
        ["fabrikam.com"] = new[] { "fabrikam-com.mail.protection.outlook.com" },
        ["gmail.example"] = new[] { "mx1.gmail.example" },
    };

    private static Attr35Event Event(string recipient, string? relay, ReplyKind kind = ReplyKind.Attr35, string reply = Attr35Reply, string? region = "NAM", DateTimeOffset? time = null) => new()
    {
        Recipient = recipient,
        RecipientDomain = recipient.Substring(recipient.IndexOf('@') + 1),
        Relay = relay,
        Kind = kind,
        Reply = reply,
        EnhancedCode = reply.Split(' ').ElementAtOrDefault(1),
        FrontEnd = kind == ReplyKind.Attr35 ? "BN8NAM11FT066.eop-nam11.prod.protection.outlook.com" : null,
        Region = region,
        Time = time,
        Source = EventSource.Postfix,
    };

    private static Attr35EventGroup Group(params Attr35Event[] events)
    {
        var first = events[0];
        var (domain, relay) = Attr35EventGroup.KeyOf(first, null);
        var group = new Attr35EventGroup(domain, relay);
        foreach (var e in events)
        {
            group.Add(e);
        }

        return group;
    }

    private static MxRecordResult Mx(string domain)
    {
        if (!s_mx.TryGetValue(domain, out var hosts))
        {
            return MxRecordRules.Evaluate(new MxObservation
            {
                DomainName = domain,
                MxAnswer = new DnsAnswer(DnsOutcome.NonExistentDomain, Array.Empty<DnsRecord>(), Array.Empty<DnsRecord>(), "ns", null),
                Records = Array.Empty<ObservedMx>(),
            });
        }

        var resolved = new AddressLookup("x", AddressLookupOutcome.Resolved, new[] { "192.0.2.1" }, Array.Empty<string>(), null, "ns");
        return MxRecordRules.Evaluate(new MxObservation
        {
            DomainName = domain,
            MxAnswer = new DnsAnswer(DnsOutcome.Success, hosts.Select(h => new DnsRecord(domain, DnsRecordType.MX, 300, h, 0)).ToList(), Array.Empty<DnsRecord>(), "ns", null),
            Records = hosts.Select(h => new ObservedMx(0, h, resolved)).ToList(),
        });
    }

    private static SmartHostResult SmartHost(GivenSmartHost given, string? domain, string? expected)
    {
        Assert.True(SmartHostAddress.TryParse(given.Text, out var address, out _));
        var host = address!.Address?.ToString() ?? address.Host;
        var resolved = new AddressLookup(host, AddressLookupOutcome.Resolved, new[] { "192.0.2.7" }, Array.Empty<string>(), null, "ns");
        var reference = expected is not null ? new[] { expected } : domain is not null && s_mx.TryGetValue(domain, out var mx)
            ? mx.Where(h => HostClassifier.Classify(h).Kind == HostKind.Microsoft365).ToArray() : Array.Empty<string>();
        return SmartHostRules.Evaluate(new SmartHostObservation
        {
            SmartHost = given.Text,
            Address = address,
            Port = 25,
            Connector = given.Connector,
            DomainName = domain,
            ExpectedHost = expected,
            ReferenceHosts = reference,
            Destinations = new[] { new ObservedDestination(host, null, address.Address is null ? "A/AAAA" : "IP", address.Address is null ? resolved : null) },
        }, DateTime.UtcNow);
    }

    /// <summary>Plays Attr35Check: runs what the rules ask for, in their order, and records the order.</summary>
    private static (Attr35Diagnosis Diagnosis, List<Attr35Step> Steps) Run(Attr35Evidence e, IReadOnlyList<InboundConnectorInfo>? connectors = null, string? sender = null)
    {
        var steps = new List<Attr35Step>();
        for (var step = Attr35Rules.NextStep(e); step != Attr35Step.Done; step = Attr35Rules.NextStep(e))
        {
            Assert.True(steps.Count < 4, "the rules asked for more steps than there are checks");
            steps.Add(step);
            switch (step)
            {
                case Attr35Step.MxRecord:
                    e.MxRecord = Mx(e.DomainName!);
                    e.MxChecked = true;
                    break;
                case Attr35Step.SmartHost:
                    var (domain, expected) = Attr35Rules.SmartHostReference(e);
                    e.SmartHosts.AddRange(Attr35Rules.SmartHostsToCheck(e).Select(s => SmartHost(s, domain, expected)));
                    e.SmartHostsChecked = true;
                    break;
                case Attr35Step.InboundConnector:
                    e.InboundConnector = ConnectorRules.Evaluate(connectors ?? Array.Empty<InboundConnectorInfo>(), new SenderIdentity { IPAddress = sender }, e.AcceptedDomains, DateTime.UtcNow);
                    e.ConnectorChecked = true;
                    break;
            }
        }

        return (Attr35Rules.Diagnose(e), steps);
    }

    private static InboundConnectorInfo OnPremises(string name, string addresses) => new()
    {
        Name = name,
        ConnectorType = ConnectorType.OnPremises,
        SenderIPAddresses = addresses.Split(','),
    };

    private static IEnumerable<string> Codes(Attr35Diagnosis d) => d.Findings.Select(f => f.Code);

    [Fact]
    public void A_legacy_smart_host_is_the_cause_and_the_remedy_names_the_host_to_use()
    {
        var e = new Attr35Evidence(Group(Event("ann@contoso.com", "mail.messaging.microsoft.com"), Event("bob@contoso.com", "mail.messaging.microsoft.com")));
        var (d, steps) = Run(e);

        Assert.Equal(string.Join(",", new[] { Attr35Step.MxRecord, Attr35Step.SmartHost }), string.Join(",", steps));
        Assert.Equal(Attr35Cause.SmartHost, d.Cause);
        Assert.Equal(CheckStatus.Fail, d.Status);
        Assert.Equal(2, d.EventCount);
        Assert.Contains(FindingCodes.Attr35CauseSmartHost, Codes(d));
        Assert.Contains(FindingCodes.SmartHostLegacyHost, Codes(d));
        Assert.Contains(OurHost, d.Remedy);
        Assert.Equal(new[] { "mail.messaging.microsoft.com" }, d.Relays);
    }

    [Fact]
    public void An_exchange_dns_delivery_queue_followed_the_mx_though_its_error_names_no_host()
    {
        // Get-Queue's LastError names no host: only DeliveryType says the MX was followed.
        var queued = Event("ann@legacy.contoso.com", null);
        queued.Source = EventSource.ExchangeQueue;
        queued.DeliveryType = "DnsConnectorDelivery";
        var (d, steps) = Run(new Attr35Evidence(Group(queued)));

        Assert.Equal(string.Join(",", new[] { Attr35Step.MxRecord }), string.Join(",", steps));
        Assert.Equal(Attr35Cause.MxRecord, d.Cause);
        Assert.Contains(FindingCodes.MxLegacyHost, Codes(d));
        Assert.Contains("went where its MX record points", d.Findings.First(f => f.Code == FindingCodes.Attr35CauseMxRecord).Message);

        // Without it (a smart host queue), the same event says nothing about the MX.
        var smart = Event("ann@legacy.contoso.com", null);
        smart.Source = EventSource.ExchangeQueue;
        smart.DeliveryType = "SmartHostConnectorDelivery";
        Assert.NotEqual(Attr35Cause.MxRecord, Run(new Attr35Evidence(Group(smart))).Diagnosis.Cause);
    }

    [Fact]
    public void An_ip_literal_relay_is_a_smart_host_cause()
    {
        var (d, _) = Run(new Attr35Evidence(Group(Event("ann@contoso.com", "192.0.2.25"))));
        Assert.Equal(Attr35Cause.SmartHost, d.Cause);
        Assert.Contains(FindingCodes.SmartHostIpLiteral, Codes(d));
    }

    [Fact]
    public void A_relay_that_is_the_domains_legacy_mx_target_is_the_mx_records_fault()
    {
        // The same relay as the smart host case: only the MX makes the difference.
        var e = new Attr35Evidence(Group(Event("ann@legacy.contoso.com", "mail.messaging.microsoft.com")));
        var (d, steps) = Run(e);

        Assert.Equal(string.Join(",", new[] { Attr35Step.MxRecord }), string.Join(",", steps));
        Assert.Equal(Attr35Cause.MxRecord, d.Cause);
        Assert.Contains(FindingCodes.Attr35CauseMxRecord, Codes(d));
        Assert.Contains(FindingCodes.MxLegacyHost, Codes(d));
        Assert.DoesNotContain(FindingCodes.Attr35CauseSmartHost, Codes(d));
        Assert.Empty(d.SmartHosts);
        Assert.Contains("legacy.contoso.com", d.Remedy);
    }

    [Fact]
    public void Mail_for_another_tenants_domain_sent_to_this_tenants_endpoint_is_a_non_tenant_domain()
    {
        var e = new Attr35Evidence(Group(Event("carl@fabrikam.com", OurHost))) { AcceptedDomains = new[] { "contoso.com" } };
        var (d, steps) = Run(e);

        Assert.Equal(string.Join(",", new[] { Attr35Step.MxRecord }), string.Join(",", steps));
        Assert.Equal(Attr35Cause.SmartHost, d.Cause);
        Assert.Contains(FindingCodes.Attr35NonTenantDomain, Codes(d));
        Assert.Contains("fabrikam-com.mail.protection.outlook.com", d.Remedy);
    }

    [Fact]
    public void The_tenants_own_host_named_by_expected_host_also_tells_a_non_tenant_domain()
    {
        var e = new Attr35Evidence(Group(Event("carl@fabrikam.com", OurHost))) { ExpectedHost = OurHost };
        Assert.Contains(FindingCodes.Attr35NonTenantDomain, Codes(Run(e).Diagnosis));
    }

    [Fact]
    public void Another_tenants_host_as_smart_host_for_our_own_domain_is_a_smart_host_cause_not_a_non_tenant_domain()
    {
        var e = new Attr35Evidence(Group(Event("ann@contoso.com", "fabrikam-com.mail.protection.outlook.com"))) { AcceptedDomains = new[] { "contoso.com" } };
        var d = Run(e).Diagnosis;
        Assert.Equal(Attr35Cause.SmartHost, d.Cause);
        Assert.Contains(FindingCodes.SmartHostNotAssignedHost, Codes(d));
        Assert.DoesNotContain(FindingCodes.Attr35NonTenantDomain, Codes(d));
    }

    [Fact]
    public void A_relay_to_a_domain_outside_microsoft_365_without_a_matching_connector_is_the_connector()
    {
        var e = new Attr35Evidence(Group(Event("dan@gmail.example", OurHost)))
        {
            AcceptedDomains = new[] { "contoso.com" },
            ConnectorsGiven = true,
            SenderGiven = true,
        };
        var (d, steps) = Run(e, new[] { OnPremises("From datacenter", "198.51.100.0/24") }, "203.0.113.25");

        Assert.Equal(string.Join(",", new[] { Attr35Step.MxRecord, Attr35Step.SmartHost, Attr35Step.InboundConnector }), string.Join(",", steps));
        Assert.Equal(Attr35Cause.InboundConnector, d.Cause);
        Assert.Contains(FindingCodes.Attr35CauseInboundConnector, Codes(d));
        Assert.Contains(FindingCodes.ConnectorNoMatch, Codes(d));
        Assert.Contains("From datacenter", d.Remedy);
        Assert.Contains("203.0.113.25", d.Remedy);
    }

    [Fact]
    public void A_matching_connector_leaves_the_relay_unexplained()
    {
        var e = new Attr35Evidence(Group(Event("dan@gmail.example", OurHost)))
        {
            AcceptedDomains = new[] { "contoso.com" },
            ConnectorsGiven = true,
            SenderGiven = true,
        };
        var d = Run(e, new[] { OnPremises("From datacenter", "203.0.113.0/24") }, "203.0.113.25").Diagnosis;
        Assert.Equal(Attr35Cause.Unknown, d.Cause);
        Assert.Contains(FindingCodes.Attr35CauseUnknown, Codes(d));
    }

    [Fact]
    public void A_tenant_attribution_reply_goes_straight_to_the_connector()
    {
        var reply = "550 5.7.64 TenantAttribution; Relay Access Denied [SN1NAM02FT003.eop-nam02.prod.protection.outlook.com]";
        var e = new Attr35Evidence(Group(Event("dan@gmail.example", OurHost, ReplyKind.TenantAttribution, reply)))
        {
            ConnectorsGiven = true,
            SenderGiven = true,
        };
        var (d, steps) = Run(e, new[] { OnPremises("From datacenter", "198.51.100.0/24") }, "203.0.113.25");

        Assert.Equal(string.Join(",", new[] { Attr35Step.InboundConnector }), string.Join(",", steps));
        Assert.Equal(Attr35Cause.InboundConnector, d.Cause);
        Assert.DoesNotContain(FindingCodes.Attr35NotAttr35, Codes(d));
    }

    [Fact]
    public void A_tenant_attribution_reply_without_connectors_still_names_the_connector_branch()
    {
        var reply = "550 5.7.64 TenantAttribution; Relay Access Denied";
        var (d, steps) = Run(new Attr35Evidence(Group(Event("dan@gmail.example", OurHost, ReplyKind.TenantAttribution, reply))));
        Assert.Empty(steps);
        Assert.Equal(Attr35Cause.InboundConnector, d.Cause);
        Assert.Contains("Get-InboundConnector", d.Remedy);
    }

    [Theory]
    [InlineData(ReplyKind.RecipientRejected, "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", "ann@contoso.com")]
    [InlineData(ReplyKind.MultipleRegions, "452 4.5.3 Recipients belong to multiple regions ATTR38", "transaction")]
    [InlineData(ReplyKind.MailLoop, "554 5.4.14 Hop count exceeded - possible mail loop ATTR34", "loop")]
    [InlineData(ReplyKind.NoMailSubscription, "451 4.4.4 Mail received as unauthenticated, incoming to a recipient domain configured in a hosted tenant which has no mail-enabled subscriptions. ATTR5", "Exchange Online")]
    [InlineData(ReplyKind.TemporaryError, "451 4.3.2 Temporary server error. Please try again later ATTR55.1", "retry")]
    [InlineData(ReplyKind.Throttled, "451 4.7.500 Server busy. Please try again later from [203.0.113.25]. (AS761)", "concurrency")]
    [InlineData(ReplyKind.Blocked, "550 5.7.606 Access denied, banned sending IP [203.0.113.25]", "delisting")]
    [InlineData(ReplyKind.ClientSubmission, "530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM", "port 25")]
    public void A_reply_that_is_not_attr35_says_what_it_means_instead(ReplyKind kind, string reply, string inRemedy)
    {
        var (d, steps) = Run(new Attr35Evidence(Group(Event("ann@contoso.com", OurHost, kind, reply))));

        Assert.Empty(steps);
        Assert.Equal(Attr35Cause.NotAttr35, d.Cause);
        Assert.Equal(CheckStatus.Warning, d.Status);
        var finding = Assert.Single(d.Findings, f => f.Code == FindingCodes.Attr35NotAttr35);
        Assert.Contains(kind.ToString(), finding.Message);
        Assert.Contains(inRemedy, d.Remedy, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Not_attr35_comes_before_every_other_cause()
    {
        // The relay is a legacy name, which would be a smart host cause for an ATTR35 reply.
        var reply = "550 5.4.1 Recipient address rejected: Access denied.";
        var d = Run(new Attr35Evidence(Group(Event("ann@contoso.com", "mail.messaging.microsoft.com", ReplyKind.RecipientRejected, reply)))).Diagnosis;
        Assert.Equal(Attr35Cause.NotAttr35, d.Cause);
        Assert.Null(d.MxRecord);
    }

    [Fact]
    public void The_mx_comes_before_the_smart_host()
    {
        // Relay and MX both wrong and the same host: the MX is where the sender got it from.
        var d = Run(new Attr35Evidence(Group(Event("ann@legacy.contoso.com", "mail.messaging.microsoft.com"))) { GivenSmartHosts = Array.Empty<GivenSmartHost>() }).Diagnosis;
        Assert.Equal(Attr35Cause.MxRecord, d.Cause);
    }

    [Fact]
    public void An_explicit_smart_host_wins_over_the_relay_of_the_events()
    {
        var e = new Attr35Evidence(Group(Event("ann@contoso.com", OurHost)))
        {
            GivenSmartHosts = new[] { new GivenSmartHost("smtp.office365.com", "To Microsoft 365", null) },
        };
        var d = Run(e).Diagnosis;
        Assert.Equal(Attr35Cause.SmartHost, d.Cause);
        Assert.Contains(FindingCodes.SmartHostClientSubmission, Codes(d));
        Assert.Contains("To Microsoft 365", d.Findings.First(f => f.Code == FindingCodes.Attr35CauseSmartHost).Message);
    }

    [Fact]
    public void Nothing_found_is_unknown_and_says_what_to_collect()
    {
        var d = Run(new Attr35Evidence(Group(Event("ann@contoso.com", OurHost)))).Diagnosis;
        Assert.Equal(Attr35Cause.Unknown, d.Cause);
        Assert.Equal(CheckStatus.Warning, d.Status);
        Assert.Contains("-InboundConnector", d.Remedy);
        Assert.Contains("-SenderIPAddress", d.Remedy);
    }

    [Fact]
    public void Without_events_a_passing_configuration_is_none()
    {
        var e = new Attr35Evidence(new Attr35EventGroup("contoso.com", null))
        {
            GivenSmartHosts = new[] { new GivenSmartHost(OurHost, null, null) },
        };
        var (d, steps) = Run(e);
        Assert.Equal(string.Join(",", new[] { Attr35Step.MxRecord, Attr35Step.SmartHost }), string.Join(",", steps));
        Assert.Equal(Attr35Cause.None, d.Cause);
        Assert.Equal(CheckStatus.Pass, d.Status);
        Assert.Equal(0, d.EventCount);
        Assert.Contains(FindingCodes.Attr35NoEvent, Codes(d));
    }

    [Fact]
    public void Without_events_a_failing_smart_host_is_still_named()
    {
        var e = new Attr35Evidence(new Attr35EventGroup("contoso.com", null))
        {
            GivenSmartHosts = new[] { new GivenSmartHost("[192.0.2.25]", null, null) },
        };
        var d = Run(e).Diagnosis;
        Assert.Equal(Attr35Cause.SmartHost, d.Cause);
        Assert.Contains(FindingCodes.Attr35NoEvent, Codes(d));
    }

    [Fact]
    public void The_group_sums_times_front_ends_and_regions_and_the_region_evidence_says_so()
    {
        var t0 = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var g = Group(
            Event("ann@contoso.com", "mail.messaging.microsoft.com", time: t0.AddMinutes(5)),
            Event("bob@contoso.com", "mail.messaging.microsoft.com", time: t0),
            Event("cid@contoso.com", "mail.messaging.microsoft.com", region: "EUR", time: t0.AddMinutes(9)));
        var d = Run(new Attr35Evidence(g)).Diagnosis;

        Assert.Equal(3, d.EventCount);
        Assert.Equal(t0, d.FirstSeen);
        Assert.Equal(t0.AddMinutes(9), d.LastSeen);
        Assert.Equal(new[] { "NAM", "EUR" }, d.Regions);
        Assert.Equal(new[] { "bn8nam11ft066.eop-nam11.prod.protection.outlook.com" }, d.FrontEnds);
        var region = Assert.Single(d.Findings, f => f.Code == FindingCodes.Attr35RegionEvidence);
        Assert.Equal(Severity.Information, region.Severity);
        Assert.Contains("NAM, EUR", region.Message);
    }

    [Fact]
    public void Findings_of_the_checks_are_in_the_diagnosis_worst_first()
    {
        var d = Run(new Attr35Evidence(Group(Event("ann@contoso.com", "mail.messaging.microsoft.com")))).Diagnosis;
        Assert.Contains(FindingCodes.MxAssignedHost, Codes(d));
        var ranks = d.Findings.Select(f => StatusRank.Of(f.Severity)).ToList();
        Assert.Equal(ranks.OrderByDescending(r => r), ranks);
    }

    [Fact]
    public void Without_events_a_failing_check_that_names_no_cause_is_unknown_not_none()
    {
        // A SERVFAIL is a failed check, but names no wrong record.
        var e = new Attr35Evidence(new Attr35EventGroup("contoso.com", null));
        e.MxRecord = MxRecordRules.Evaluate(new MxObservation
        {
            DomainName = "contoso.com",
            MxAnswer = new DnsAnswer(DnsOutcome.ServerFailure, Array.Empty<DnsRecord>(), Array.Empty<DnsRecord>(), "ns", null),
            Records = Array.Empty<ObservedMx>(),
        });
        e.MxChecked = true;
        var d = Attr35Rules.Diagnose(e);
        Assert.Equal(Attr35Cause.Unknown, d.Cause);
        Assert.Contains(FindingCodes.Attr35CauseUnknown, Codes(d));
    }

    [Theory]
    [InlineData("Contoso.COM.", "contoso.com")]
    [InlineData("bad domain!", null)]
    [InlineData("", null)]
    public void The_group_domain_is_a_validated_domain_name_or_none(string given, string? expected)
    {
        var e = Event("ann@contoso.com", "Relay.Contoso.com.");
        e.RecipientDomain = given;
        var (domain, relay) = Attr35EventGroup.KeyOf(e, null);
        Assert.Equal(expected, domain);
        Assert.Equal("relay.contoso.com", relay);
    }
}
