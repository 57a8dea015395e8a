using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ATTR35.Connectors;

/// <summary>
/// An Exchange Online inbound connector as far as attribution is concerned, read by property name
/// from whatever object the admin has: live Get-InboundConnector output, its deserialized form, or
/// the same data after Export-Csv/Import-Csv or ConvertTo-Json/ConvertFrom-Json.
/// </summary>
internal sealed class InboundConnectorInfo
{
    /// <summary>
    /// The command that exports connectors to CSV with every list joined into text; what the error for
    /// a plain Export-Csv (which writes the list's type name) tells the admin to run.
    /// </summary>
    public const string CsvExportCommand =
        "Get-InboundConnector | Select-Object Name, Enabled, ConnectorType, "
        + "@{n='SenderIPAddresses';e={$_.SenderIPAddresses -join ','}}, "
        + "@{n='TlsSenderCertificateName';e={\"$($_.TlsSenderCertificateName)\"}}, "
        + "@{n='SenderDomains';e={$_.SenderDomains -join ','}}, "
        + "@{n='AssociatedAcceptedDomains';e={$_.AssociatedAcceptedDomains -join ','}}, "
        + "RestrictDomainsToIPAddresses, RestrictDomainsToCertificate, RequireTls, TreatMessagesAsInternal, CloudServicesMailEnabled "
        + "| Export-Csv -Path connectors.csv -NoTypeInformation";

    /// <summary>The connector's Name, else its Identity.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Whether the connector is enabled; Exchange Online's default is true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>OnPremises or Partner.</summary>
    public ConnectorType ConnectorType { get; init; } = ConnectorType.Partner;

    /// <summary>False when the input had no ConnectorType and Exchange Online's default (Partner) was assumed.</summary>
    public bool ConnectorTypeGiven { get; init; } = true;

    /// <summary>The SenderIPAddresses entries as written (each is parsed when evaluated).</summary>
    public IReadOnlyList<string> SenderIPAddresses { get; init; } = Array.Empty<string>();

    /// <summary>The TlsSenderCertificateName as written; null when not set.</summary>
    public string? TlsSenderCertificateName { get; init; }

    /// <summary>The SenderDomains entries.</summary>
    public IReadOnlyList<string> SenderDomains { get; init; } = Array.Empty<string>();

    /// <summary>Partner connectors: reject mail from SenderDomains that does not come from SenderIPAddresses.</summary>
    public bool RestrictDomainsToIPAddresses { get; init; }

    /// <summary>Partner connectors: reject mail whose certificate does not match TlsSenderCertificateName.</summary>
    public bool RestrictDomainsToCertificate { get; init; }

    /// <summary>Whether the connector requires TLS.</summary>
    public bool RequireTls { get; init; }

    /// <summary>The accepted domains the connector is limited to; empty when it applies to all.</summary>
    public IReadOnlyList<string> AssociatedAcceptedDomains { get; init; } = Array.Empty<string>();

    /// <summary>OnPremises connectors of organisations without Exchange: treat mail as internal.</summary>
    public bool TreatMessagesAsInternal { get; init; }

    /// <summary>Hybrid connectors: keep cross-premises headers.</summary>
    public bool CloudServicesMailEnabled { get; init; }

    /// <summary>
    /// Reads a connector through a property getter (the cmdlet supplies PSObject properties, tests a
    /// dictionary). <paramref name="unwrap"/> turns wrapper objects (PSObject) into their values; it is
    /// applied to every value and every list element. False with an error naming the connector, the
    /// property and the fix when the object cannot be read faithfully.
    /// </summary>
    public static bool TryRead(Func<string, object?> getProperty, Func<object?, object?>? unwrap, out InboundConnectorInfo? connector, out string error)
    {
        if (getProperty is null)
        {
            throw new ArgumentNullException(nameof(getProperty));
        }

        unwrap ??= v => v;
        connector = null;
        var name = PropertyValue.ReadString(getProperty(nameof(Name)), unwrap);
        if (string.IsNullOrWhiteSpace(name))
        {
            name = PropertyValue.ReadString(getProperty("Identity"), unwrap);
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            error = "The connector object has no Name and no Identity, so it cannot be told apart in the result. Pipe the objects of Get-InboundConnector, or give each connector a Name property.";
            return false;
        }

        var problems = new List<string>();
        var typeNameProblem = false;

        bool Bool(string property, bool defaultValue)
        {
            if (!PropertyValue.TryReadBool(getProperty(property), unwrap, defaultValue, out var value, out var problem))
            {
                problems.Add($"{property}: {problem}");
            }

            return value;
        }

        IReadOnlyList<string> List(string property)
        {
            if (!PropertyValue.TryReadList(getProperty(property), unwrap, out var list, out var problem))
            {
                problems.Add($"{property}: {problem}");
                typeNameProblem |= problem!.IndexOf("type name", StringComparison.Ordinal) >= 0;
            }

            return list;
        }

        var enabled = Bool(nameof(Enabled), true);
        var (type, typeGiven) = ReadConnectorType(getProperty(nameof(ConnectorType)), unwrap, problems);
        var addresses = List(nameof(SenderIPAddresses));
        var certificateName = PropertyValue.ReadString(getProperty(nameof(TlsSenderCertificateName)), unwrap);
        if (certificateName is not null && certificateName.StartsWith("@{", StringComparison.Ordinal))
        {
            // ConvertTo-Json writes a certificate name object as {}: the name is gone.
            problems.Add($"{nameof(TlsSenderCertificateName)}: it is an object ('{certificateName}'), not text; export it as text, for example @{{n='TlsSenderCertificateName';e={{\"$($_.TlsSenderCertificateName)\"}}}}");
        }

        var associated = List(nameof(AssociatedAcceptedDomains));

        // No rule decides by these (they matter to Partner connectors and to mail flow, not to
        // which connector attributes relayed mail), so a value that cannot be read leaves the
        // default and never rejects the connector.
        bool Informational(string property)
        {
            return PropertyValue.TryReadBool(getProperty(property), unwrap, false, out var value, out _) && value;
        }

        var senderDomains = PropertyValue.TryReadList(getProperty(nameof(SenderDomains)), unwrap, out var domains, out _) ? domains : Array.Empty<string>();
        var restrictIp = Informational(nameof(RestrictDomainsToIPAddresses));
        var restrictCertificate = Informational(nameof(RestrictDomainsToCertificate));
        var requireTls = Informational(nameof(RequireTls));
        var internalMail = Informational(nameof(TreatMessagesAsInternal));
        var cloudServices = Informational(nameof(CloudServicesMailEnabled));

        if (problems.Count > 0)
        {
            error = $"The connector '{name}' cannot be read: {string.Join("; ", problems)}."
                + (typeNameProblem
                    ? $" Export the connectors with the lists joined into text, for example: {CsvExportCommand}"
                    : " Pipe the objects of Get-InboundConnector, or correct the values.");
            return false;
        }

        error = string.Empty;
        connector = new InboundConnectorInfo
        {
            Name = name!.Trim(),
            Enabled = enabled,
            ConnectorType = type,
            ConnectorTypeGiven = typeGiven,
            SenderIPAddresses = addresses,
            TlsSenderCertificateName = string.IsNullOrWhiteSpace(certificateName) ? null : certificateName,
            SenderDomains = senderDomains,
            RestrictDomainsToIPAddresses = restrictIp,
            RestrictDomainsToCertificate = restrictCertificate,
            RequireTls = requireTls,
            AssociatedAcceptedDomains = associated,
            TreatMessagesAsInternal = internalMail,
            CloudServicesMailEnabled = cloudServices,
        };
        return true;
    }

    private static (ConnectorType Type, bool Given) ReadConnectorType(object? raw, Func<object?, object?> unwrap, List<string> problems)
    {
        var value = unwrap(raw);
        if (value is Enum)
        {
            value = value.ToString();
        }

        var text = value is null ? null : PropertyValue.ReadString(value, unwrap);
        if (text is null)
        {
            return (ConnectorType.Partner, false);
        }

        // Exchange's TenantConnectorType: OnPremises = 1, Partner = 2. ConvertTo-Json writes enums as
        // these numbers unless -EnumsAsStrings is given.
        switch (text.Trim().ToLowerInvariant())
        {
            case "onpremises" or "1":
                return (ConnectorType.OnPremises, true);
            case "partner" or "2":
                return (ConnectorType.Partner, true);
            default:
                problems.Add($"ConnectorType: '{text}' is neither OnPremises nor Partner");
                return (ConnectorType.Partner, true);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} ({1}{2})", Name, ConnectorType, Enabled ? string.Empty : ", disabled");
}
