using System;
using ATTR35.Formatting;
using Xunit;

namespace ATTR35.Tests.Formatting;

/// <summary>The one-line cells of the table views (the 80-column rule in ATTR35.format.ps1xml).</summary>
public class TableCellTests
{
    [Fact]
    public void The_worst_finding_is_shown_by_its_code()
    {
        var findings = new[]
        {
            new Finding("MxNotAssignedHost", Severity.Fail, "a", "The long sentence that belongs to Format-List.", "Fix it."),
            new Finding("MxAssignedHost", Severity.Information, "b", "Second.", string.Empty),
        };
        Assert.Equal("MxNotAssignedHost", ViewText.WorstCode(findings));
        Assert.Equal(string.Empty, ViewText.WorstCode(Array.Empty<Finding>()));
        Assert.Equal(string.Empty, ViewText.WorstCode(null));
    }

    [Fact]
    public void The_connector_follows_the_destinations_only_when_there_is_one()
    {
        var destinations = new[] { new SmartHostDestination { Host = "contoso-com.mail.protection.outlook.com" } };
        Assert.Equal("contoso-com.mail.protection.outlook.com", ViewText.DestinationsAndConnector(destinations, null));
        Assert.Equal("contoso-com.mail.protection.outlook.com", ViewText.DestinationsAndConnector(destinations, string.Empty));
        Assert.Equal("contoso-com.mail.protection.outlook.com (connector To Office 365)", ViewText.DestinationsAndConnector(destinations, "To Office 365"));
    }

    [Fact]
    public void The_matched_connector_says_how()
    {
        Assert.Equal("From relay (IPAddress)", ViewText.Matched("From relay", MatchedBy.IPAddress));
        Assert.Equal(string.Empty, ViewText.Matched(null, MatchedBy.None));
    }

    [Fact]
    public void An_MX_target_cell_holds_the_alias_mark_and_the_addresses()
    {
        var entry = new MxRecordEntry { Host = "mx.contoso.com", IsAlias = true, Addresses = new[] { "192.0.2.1", "2001:db8::1" } };
        Assert.Equal("mx.contoso.com (alias) 192.0.2.1, 2001:db8::1", ViewText.EntryHost(entry));
        Assert.Equal("relay.contoso.com 192.0.2.7", ViewText.DestinationHost(new SmartHostDestination { Host = "relay.contoso.com", Addresses = new[] { "192.0.2.7" } }));
    }

    [Fact]
    public void Dates_are_ten_characters_in_every_culture() =>
        Assert.Equal("2026-12-31", ViewText.Day(new DateTime(2026, 12, 31, 23, 59, 59)));
}
