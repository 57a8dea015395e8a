using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using ATTR35.Base;

namespace ATTR35.Commands;

/// <summary>
/// Reads the MX expectation out of an object piped to Test-MxRecord as the tenant's tools emit it,
/// where parameter binding alone cannot: Graph PowerShell's Get-MgDomainServiceConfigurationRecord
/// (every record type of a domain, the MX host in <c>AdditionalProperties.mailExchange</c>), the
/// Graph REST JSON of serviceConfigurationRecords after ConvertFrom-Json (or the hashtables of
/// Invoke-MgGraphRequest, with or without the <c>value</c> wrapper), and the DNSSEC cmdlets of
/// Exchange Online (<c>ExpectedMxRecord.Record</c>, a zone line; <c>DnssecMxValue</c>, also seen as
/// <c>MxValue</c>). Any other object gives null, and the parameters as bound stand.
/// </summary>
internal static class PipedMxInput
{
    private const string GraphRecord = "Graph service configuration record";
    private const string GraphMxType = "#microsoft.graph.domainDnsMxRecord";
    private const string GraphTypePrefix = "#microsoft.graph.domainDns";
    private const string GraphTypeSuffix = "Record";

    /// <summary>The records the object holds (a REST collection holds several), or null when it is not one of these shapes.</summary>
    public static IReadOnlyList<PipedMxRecord>? Read(object? input)
    {
        var value = Unwrap(input);
        if (value is null || value is string || value.GetType().IsPrimitive || value is PSObject { BaseObject: string })
        {
            return null;
        }

        var single = ReadOne(value);
        if (single is not null)
        {
            return new[] { single };
        }

        // The REST answer as a whole: { "@odata.context": ..., "value": [ records ] }.
        if (Get(value, "value") is { } items && items is not string && items is IEnumerable list
            && (Get(value, "@odata.context") is not null || Get(value, "@odata.nextLink") is not null))
        {
            var records = new List<PipedMxRecord>();
            foreach (var item in list)
            {
                if (ReadOne(Unwrap(item)) is { } record)
                {
                    records.Add(record);
                }
            }

            return records;
        }

        return null;
    }

    private static PipedMxRecord? ReadOne(object? value)
    {
        if (value is null || value is string)
        {
            return null;
        }

        var odataType = Text(Get(value, "@odata.type"));
        var recordType = Text(Get(value, "RecordType"));
        var label = Text(Get(value, "Label"));
        if (recordType is null && odataType is not null
            && odataType.StartsWith(GraphTypePrefix, StringComparison.OrdinalIgnoreCase)
            && odataType.EndsWith(GraphTypeSuffix, StringComparison.OrdinalIgnoreCase))
        {
            recordType = odataType.Substring(GraphTypePrefix.Length, odataType.Length - GraphTypePrefix.Length - GraphTypeSuffix.Length);
        }

        if (label is not null && recordType is not null)
        {
            if (!string.Equals(recordType, "Mx", StringComparison.OrdinalIgnoreCase))
            {
                return new PipedMxRecord(GraphRecord, label, null,
                    $"the {recordType} record of {label} is not an MX record; only the Mx record names the host to check");
            }

            // SDK objects keep the host in AdditionalProperties; the REST JSON has it top level.
            var additional = Get(value, "AdditionalProperties");
            var host = Text(additional is null ? null : Get(Unwrap(additional), "mailExchange")) ?? Text(Get(value, "mailExchange"));
            return new PipedMxRecord(GraphRecord, label, host, null);
        }

        // Get-DnssecStatusForVerifiedDomain: ExpectedMxRecord.Record = '@ 60 IN MX 10 host'.
        var expected = Unwrap(Get(value, "ExpectedMxRecord"));
        if (expected is not null)
        {
            var line = expected is string text ? text : Text(Get(expected, "Record"));
            return FromZoneLine("Get-DnssecStatusForVerifiedDomain object", value, line);
        }

        // Enable-DnssecForVerifiedDomain: DnssecMxValue (some write-ups show MxValue).
        var mxValue = Text(Get(value, "DnssecMxValue")) ?? Text(Get(value, "MxValue"));
        if (mxValue is not null)
        {
            return FromZoneLine("Enable-DnssecForVerifiedDomain object", value, mxValue);
        }

        return null;
    }

    private static PipedMxRecord FromZoneLine(string source, object value, string? line)
    {
        var (owner, host) = ParseMxText(line);
        var domain = Text(Get(value, "DomainName")) ?? Text(Get(value, "Domain")) ?? Text(Get(value, "Name")) ?? owner;
        return new PipedMxRecord(source, domain, host, null);
    }

    /// <summary>
    /// The owner and target of an MX zone line (<c>@ 60 IN MX 10 host.</c>, <c>contoso.com. 3600 IN
    /// MX 0 host</c>, <c>MX 10 host</c>); a bare host is its own target. The owner is null for
    /// <c>@</c> or when the line has none. Anything else is returned whole, for the host check to
    /// name in its error.
    /// </summary>
    internal static (string? Owner, string? Host) ParseMxText(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return (null, null);
        }

        var tokens = line!.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
        var mx = Array.FindIndex(tokens, t => string.Equals(t, "MX", StringComparison.OrdinalIgnoreCase));
        if (mx < 0 || mx + 2 >= tokens.Length || !int.TryParse(tokens[mx + 1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return (null, line.Trim());
        }

        string? owner = null;
        if (mx > 0 && tokens[0] != "@" && !int.TryParse(tokens[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && !string.Equals(tokens[0], "IN", StringComparison.OrdinalIgnoreCase))
        {
            owner = DnsName.TrimDot(tokens[0]);
        }

        return (owner, DnsName.TrimDot(tokens[mx + 2]));
    }

    // Strings, numbers and dictionaries are looked at as themselves; any other object stays in its
    // PSObject, whose members include what Add-Member or deserialization put there.
    private static object? Unwrap(object? value) =>
        value is PSObject ps && (ps.BaseObject is string or IDictionary || ps.BaseObject.GetType().IsPrimitive) ? ps.BaseObject : value;

    /// <summary>A member by name, case-insensitive: a dictionary key (Invoke-MgGraphRequest hashtables, SDK AdditionalProperties) or a property.</summary>
    private static object? Get(object? target, string name)
    {
        switch (target)
        {
            case null:
                return null;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Key is string key && string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return entry.Value;
                    }
                }

                return null;
            default:
                return PSObject.AsPSObject(target).Properties[name]?.Value;
        }
    }

    private static string? Text(object? value)
    {
        value = Unwrap(value);
        var text = value as string ?? (value is null || value is PSObject ? null : Convert.ToString(value, CultureInfo.InvariantCulture));
        return string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
    }
}
