using ATTR35.Commands;
using Xunit;

namespace ATTR35.Tests.Commands;

[Collection(nameof(CompletionHistory))]
public class CompletionHistoryTests
{
    [Fact]
    public void Keeps_distinct_values_most_recent_first_within_capacity()
    {
        var values = new RecentValues(3);
        foreach (var value in new[] { "a.example", "b.example", "A.EXAMPLE", "c.example", "d.example", " ", null })
        {
            values.Add(value);
        }

        Assert.Equal(new[] { "d.example", "c.example", "A.EXAMPLE" }, values.ToArray());
    }

    [Fact]
    public void Remembers_domains_and_their_Microsoft_365_hosts_from_MX_results()
    {
        CompletionHistory.Clear();
        CompletionHistory.Remember(new MxRecordResult
        {
            DomainName = "contoso.com",
            Records = new[]
            {
                new MxRecordEntry { Host = "contoso-com.mail.protection.outlook.com", HostKind = HostKind.Microsoft365 },
                new MxRecordEntry { Host = "mail.messaging.microsoft.com", HostKind = HostKind.Microsoft365Legacy },
            },
        });

        Assert.Equal(new[] { "contoso.com" }, CompletionHistory.Domains());
        Assert.Equal(new[] { "contoso-com.mail.protection.outlook.com" }, CompletionHistory.TenantHosts("CONTOSO.COM"));
        Assert.Empty(CompletionHistory.TenantHosts("fabrikam.com"));
    }

    [Fact]
    public void Remembers_smart_hosts_reference_hosts_and_the_client_address_a_probe_saw()
    {
        CompletionHistory.Clear();
        CompletionHistory.Remember(new SmartHostResult
        {
            SmartHost = "[relay.contoso.com]:25",
            DomainName = "contoso.com",
            ReferenceHosts = new[] { "contoso-com.mail.protection.outlook.com" },
            Probe = new SmtpProbe { ObservedClientAddress = "203.0.113.25" },
        });
        CompletionHistory.RememberServers(new[] { "192.0.2.53:5300" });

        Assert.Equal(new[] { "[relay.contoso.com]:25" }, CompletionHistory.SmartHosts());
        Assert.Equal(new[] { "contoso-com.mail.protection.outlook.com" }, CompletionHistory.TenantHosts(null));
        Assert.Equal(new[] { "203.0.113.25" }, CompletionHistory.SenderAddresses());
        Assert.Equal(new[] { "192.0.2.53:5300" }, CompletionHistory.Servers());
    }

    [Fact]
    public void Remembers_the_sender_address_and_accepted_domains_of_a_connector_result()
    {
        CompletionHistory.Clear();
        CompletionHistory.Remember(new InboundConnectorResult { SenderIPAddress = "203.0.113.7", AcceptedDomains = new[] { "contoso.com", "fabrikam.com" } });

        Assert.Equal(new[] { "203.0.113.7" }, CompletionHistory.SenderAddresses());
        Assert.Equal(new[] { "fabrikam.com", "contoso.com" }, CompletionHistory.Domains());
    }
}
