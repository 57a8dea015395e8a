using System;
using System.Collections;
using System.Collections.Generic;
using ATTR35.Connectors;
using Xunit;

namespace ATTR35.Tests.Connectors;

public class InboundConnectorInfoTests
{
    // Shaped like Exchange's own enum, whose values ConvertTo-Json writes as numbers.
    private enum TenantConnectorType
    {
        OnPremises = 1,
        Partner,
    }

    private static InboundConnectorInfo Read(Dictionary<string, object?> properties, Func<object?, object?>? unwrap = null)
    {
        Assert.True(InboundConnectorInfo.TryRead(Getter(properties), unwrap, out var connector, out var error), error);
        return connector!;
    }

    private static string ReadError(Dictionary<string, object?> properties)
    {
        Assert.False(InboundConnectorInfo.TryRead(Getter(properties), null, out var connector, out var error));
        Assert.Null(connector);
        return error;
    }

    private static Func<string, object?> Getter(Dictionary<string, object?> properties)
    {
        var table = new Dictionary<string, object?>(properties, StringComparer.OrdinalIgnoreCase);
        return name => table.TryGetValue(name, out var value) ? value : null;
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData("True", true)]
    [InlineData("False", false)]
    [InlineData("true", true)]
    [InlineData("FALSE", false)]
    [InlineData("$true", true)]
    [InlineData("$false", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData(1, true)]
    [InlineData(0L, false)]
    [InlineData("", true)]
    [InlineData("  ", true)]
    [InlineData(null, true)]
    public void EnabledInEveryShape(object? value, bool expected)
    {
        var connector = Read(new() { ["Name"] = "C", ["Enabled"] = value });
        Assert.Equal(expected, connector.Enabled);
    }

    [Fact]
    public void A_bad_value_in_a_property_no_rule_uses_never_rejects_the_connector()
    {
        var connector = Read(new()
        {
            ["Name"] = "C",
            ["ConnectorType"] = "OnPremises",
            ["SenderIPAddresses"] = "203.0.113.25",
            ["RequireTls"] = "perhaps",
            ["RestrictDomainsToIPAddresses"] = 42,
            ["RestrictDomainsToCertificate"] = "yes please",
            ["TreatMessagesAsInternal"] = "maybe",
            ["CloudServicesMailEnabled"] = "?",
            ["SenderDomains"] = new object[] { new object[] { "nested" } },
        });
        Assert.Equal(new[] { "203.0.113.25" }, connector.SenderIPAddresses);
        Assert.False(connector.RequireTls);
        Assert.False(connector.TreatMessagesAsInternal);
    }

    [Theory]
    [InlineData("True", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OtherBooleansDefaultToFalse(object? value, bool expected)
    {
        var connector = Read(new()
        {
            ["Name"] = "C",
            ["RequireTls"] = value,
            ["RestrictDomainsToIPAddresses"] = value,
            ["RestrictDomainsToCertificate"] = value,
            ["TreatMessagesAsInternal"] = value,
            ["CloudServicesMailEnabled"] = value,
        });
        Assert.Equal(expected, connector.RequireTls);
        Assert.Equal(expected, connector.RestrictDomainsToIPAddresses);
        Assert.Equal(expected, connector.RestrictDomainsToCertificate);
        Assert.Equal(expected, connector.TreatMessagesAsInternal);
        Assert.Equal(expected, connector.CloudServicesMailEnabled);
    }

    [Fact]
    public void ABooleanThatIsNotOneIsAnError()
    {
        var error = ReadError(new() { ["Name"] = "From on-premises", ["Enabled"] = "maybe" });
        Assert.Contains("'From on-premises'", error);
        Assert.Contains("Enabled", error);
        Assert.Contains("maybe", error);
    }

    public static TheoryData<object?> AddressLists() => new()
    {
        new[] { "203.0.113.0/24", "198.51.100.7" },
        new object[] { "203.0.113.0/24", "198.51.100.7" },
        new ArrayList { "203.0.113.0/24", "198.51.100.7" },
        new List<string> { "203.0.113.0/24", "198.51.100.7" },
        new object[] { new[] { "203.0.113.0/24" }, "198.51.100.7" },
        "203.0.113.0/24,198.51.100.7",
        "203.0.113.0/24, 198.51.100.7",
        "203.0.113.0/24 198.51.100.7",
        "203.0.113.0/24;198.51.100.7",
        "203.0.113.0/24|198.51.100.7",
        "203.0.113.0/24\r\n198.51.100.7",
        new object[] { "203.0.113.0/24, 198.51.100.7" },
        new object?[] { "203.0.113.0/24", null, "", "198.51.100.7" },
        "{203.0.113.0/24, 198.51.100.7}",
    };

    [Theory]
    [MemberData(nameof(AddressLists))]
    public void ListsInEveryShape(object? value)
    {
        var connector = Read(new() { ["Name"] = "C", ["SenderIPAddresses"] = value });
        Assert.Equal(new[] { "203.0.113.0/24", "198.51.100.7" }, connector.SenderIPAddresses);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void EmptyListsAreEmpty(string? value)
    {
        var connector = Read(new() { ["Name"] = "C", ["SenderIPAddresses"] = value, ["SenderDomains"] = Array.Empty<string>() });
        Assert.Empty(connector.SenderIPAddresses);
        Assert.Empty(connector.SenderDomains);
    }

    [Fact]
    public void ElementsAreUnwrappedWithTheDelegate()
    {
        var connector = Read(
            new() { ["Name"] = new Box("C"), ["SenderIPAddresses"] = new Box(new object[] { new Box("203.0.113.25") }), ["Enabled"] = new Box(false) },
            v => v is Box b ? b.Value : v);
        Assert.Equal("C", connector.Name);
        Assert.False(connector.Enabled);
        Assert.Equal(new[] { "203.0.113.25" }, connector.SenderIPAddresses);
    }

    [Fact]
    public void ElementsAreReadThroughToString()
    {
        // Live IPRange and SmtpDomainWithSubdomains objects print as their text.
        var connector = Read(new() { ["Name"] = "C", ["SenderIPAddresses"] = new object[] { new Printed("203.0.113.0/24") } });
        Assert.Equal(new[] { "203.0.113.0/24" }, connector.SenderIPAddresses);
    }

    [Theory]
    [InlineData("Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Data.IPRange]")]
    [InlineData("System.Collections.ArrayList")]
    [InlineData("System.Object[]")]
    [InlineData("System.String[]")]
    [InlineData("Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1[[Microsoft.Exchange.Data.IPRange, Microsoft.Exchange.Data]]")]
    public void AnExportedTypeNameIsAnErrorThatTellsHowToExport(string value)
    {
        var error = ReadError(new() { ["Name"] = "From on-premises", ["SenderIPAddresses"] = value });
        Assert.Contains("'From on-premises'", error);
        Assert.Contains("SenderIPAddresses", error);
        Assert.Contains("type name", error);
        Assert.Contains("@{n='SenderIPAddresses';e={$_.SenderIPAddresses -join ','}}", error);
    }

    [Fact]
    public void ADomainIsNotMistakenForATypeName()
    {
        var connector = Read(new() { ["Name"] = "C", ["SenderDomains"] = "Microsoft.com, System.contoso.com" });
        Assert.Equal(new[] { "Microsoft.com", "System.contoso.com" }, connector.SenderDomains);
    }

    [Fact]
    public void AnObjectElementIsAnError()
    {
        var error = ReadError(new() { ["Name"] = "C", ["SenderIPAddresses"] = new object[] { "@{LowerBound=203.0.113.0; UpperBound=203.0.113.255}" } });
        Assert.Contains("object", error);
    }

    [Theory]
    [InlineData("OnPremises", ConnectorType.OnPremises)]
    [InlineData("onpremises", ConnectorType.OnPremises)]
    [InlineData("Partner", ConnectorType.Partner)]
    [InlineData(1, ConnectorType.OnPremises)]
    [InlineData(2L, ConnectorType.Partner)]
    [InlineData("1", ConnectorType.OnPremises)]
    [InlineData(TenantConnectorType.OnPremises, ConnectorType.OnPremises)]
    [InlineData(TenantConnectorType.Partner, ConnectorType.Partner)]
    [InlineData(ConnectorType.OnPremises, ConnectorType.OnPremises)]
    public void ConnectorTypeInEveryShape(object value, ConnectorType expected)
    {
        var connector = Read(new() { ["Name"] = "C", ["ConnectorType"] = value });
        Assert.Equal(expected, connector.ConnectorType);
        Assert.True(connector.ConnectorTypeGiven);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void AMissingConnectorTypeIsExchangeOnlinesDefault(string? value)
    {
        var connector = Read(new() { ["Name"] = "C", ["ConnectorType"] = value });
        Assert.Equal(ConnectorType.Partner, connector.ConnectorType);
        Assert.False(connector.ConnectorTypeGiven);
    }

    [Fact]
    public void AnUnknownConnectorTypeIsAnError()
    {
        Assert.Contains("ConnectorType", ReadError(new() { ["Name"] = "C", ["ConnectorType"] = "Hybrid" }));
    }

    [Fact]
    public void IdentityStandsInForAMissingName()
    {
        Assert.Equal("From on-premises", Read(new() { ["Identity"] = "From on-premises" }).Name);
        Assert.Equal("N", Read(new() { ["Name"] = "N", ["Identity"] = "I" }).Name);
    }

    [Fact]
    public void NoNameAndNoIdentityIsAnError()
    {
        Assert.Contains("no Name and no Identity", ReadError(new() { ["SenderIPAddresses"] = "203.0.113.25" }));
    }

    [Fact]
    public void CertificateNameIsReadAsOneValue()
    {
        var connector = Read(new() { ["Name"] = "C", ["TlsSenderCertificateName"] = "<I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com" });
        Assert.Equal("<I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com", connector.TlsSenderCertificateName);
        Assert.Null(Read(new() { ["Name"] = "C", ["TlsSenderCertificateName"] = "" }).TlsSenderCertificateName);
        Assert.Equal("*.contoso.com", Read(new() { ["Name"] = "C", ["TlsSenderCertificateName"] = new object[] { "*.contoso.com" } }).TlsSenderCertificateName);
    }

    [Fact]
    public void ACertificateNameObjectIsAnError()
    {
        // ConvertTo-Json writes a live TlsCertificate as {}; the unwrap delegate hands it over as "@{}".
        var error = ReadError(new() { ["Name"] = "C", ["TlsSenderCertificateName"] = "@{}" });
        Assert.Contains("TlsSenderCertificateName", error);
        Assert.Contains("$($_.TlsSenderCertificateName)", error);
    }

    [Fact]
    public void EveryPropertyIsRead()
    {
        var connector = Read(new()
        {
            ["Name"] = "From on-premises",
            ["Enabled"] = "False",
            ["ConnectorType"] = "OnPremises",
            ["SenderIPAddresses"] = "203.0.113.25",
            ["TlsSenderCertificateName"] = "mail.contoso.com",
            ["SenderDomains"] = "*",
            ["AssociatedAcceptedDomains"] = "contoso.com,fabrikam.com",
            ["RequireTls"] = "True",
        });
        Assert.False(connector.Enabled);
        Assert.Equal(ConnectorType.OnPremises, connector.ConnectorType);
        Assert.Equal(new[] { "*" }, connector.SenderDomains);
        Assert.Equal(new[] { "contoso.com", "fabrikam.com" }, connector.AssociatedAcceptedDomains);
        Assert.True(connector.RequireTls);
    }

    private sealed class Box
    {
        public Box(object? value) => Value = value;

        public object? Value { get; }

        public override string ToString() => "Box";
    }

    private sealed class Printed
    {
        private readonly string _text;

        public Printed(string text) => _text = text;

        public override string ToString() => _text;
    }
}
