using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ATTR35.Connectors;
using static ATTR35.Commands.InputErrors;

namespace ATTR35.Commands;

/// <summary>
/// Adapts what admins pipe to Test-InboundConnector (live, deserialized, CSV or JSON connector
/// objects, hashtables) and pass to -AcceptedDomain into plain values for <see cref="InboundConnectorInfo"/>.
/// </summary>
internal static class ConnectorInput
{
    // Properties of which at least one marks an object as an inbound connector.
    private static readonly string[] s_connectorProperties = { "ConnectorType", "SenderIPAddresses", "TlsSenderCertificateName", "Enabled" };

    /// <summary>The domain names in one -AcceptedDomain item: a string (split at , ; and space) or an object.</summary>
    public static IEnumerable<string> AcceptedDomainTexts(object? item)
    {
        var value = item is PSObject pso ? pso.BaseObject : item;
        if (value is null)
        {
            yield break;
        }

        if (value is string text)
        {
            foreach (var part in text.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                yield return part;
            }

            yield break;
        }

        // Get-AcceptedDomain: DomainName (its Name may be a display name); Get-MgDomain: Id.
        var wrapped = PSObject.AsPSObject(item);
        var domain = wrapped.Properties["DomainName"]?.Value ?? wrapped.Properties["Id"]?.Value;
        yield return Convert.ToString(Unwrap(domain) ?? item, CultureInfo.InvariantCulture) ?? string.Empty;
    }

    /// <summary>Reads one piped object as a connector; false with the InvalidConnector error.</summary>
    public static bool TryRead(PSObject item, out InboundConnectorInfo? connector, out ErrorRecord? error)
    {
        connector = null;
        error = null;
        var baseObject = item.BaseObject;
        if (baseObject is string or ValueType)
        {
            error = InvalidInput(ErrorIds.InvalidConnector,
                $"'{baseObject}' is not a connector object. Pipe the objects of Get-InboundConnector (Get-InboundConnector | Test-InboundConnector ...), not their names.", baseObject);
            return false;
        }

        var dictionary = baseObject as IDictionary;
        object? Get(string name)
        {
            if (dictionary is not null)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (string.Equals(Convert.ToString(entry.Key, CultureInfo.InvariantCulture), name, StringComparison.OrdinalIgnoreCase))
                    {
                        return entry.Value;
                    }
                }

                return null;
            }

            try
            {
                return item.Properties[name]?.Value;
            }
            catch (GetValueException)
            {
                // A property getter that throws is as good as absent.
                return null;
            }
        }

        bool Has(string name) => dictionary is not null
            ? dictionary.Keys.Cast<object>().Any(k => string.Equals(Convert.ToString(k, CultureInfo.InvariantCulture), name, StringComparison.OrdinalIgnoreCase))
            : item.Properties[name] is not null;

        if (!s_connectorProperties.Any(Has))
        {
            error = InvalidInput(ErrorIds.InvalidConnector,
                $"The object '{item}' does not look like an inbound connector: it has none of the properties {string.Join(", ", s_connectorProperties)}. Pipe the objects of Get-InboundConnector.", item);
            return false;
        }

        if (!InboundConnectorInfo.TryRead(Get, Unwrap, out connector, out var reason))
        {
            error = InvalidInput(ErrorIds.InvalidConnector, reason, item);
            return false;
        }

        return true;
    }

    /// <summary>The verbose line for a connector read.</summary>
    public static string Describe(InboundConnectorInfo connector) =>
        string.Format(CultureInfo.InvariantCulture, "Connector '{0}': {1}, {2}; SenderIPAddresses: {3}; TlsSenderCertificateName: {4}.",
            connector.Name,
            connector.ConnectorType,
            connector.Enabled ? "enabled" : "disabled",
            connector.SenderIPAddresses.Count == 0 ? "none" : string.Join(", ", connector.SenderIPAddresses),
            connector.TlsSenderCertificateName ?? "none");

    /// <summary>
    /// Turns a property value into plain data. Deserialized Exchange values (IPRange, enums) keep
    /// their text in ToString; ConvertFrom-Json of a live IPRange carries it in Expression.
    /// </summary>
    public static object? Unwrap(object? value)
    {
        if (value is not PSObject pso)
        {
            return value;
        }

        var baseObject = pso.BaseObject;
        var deserialized = pso.TypeNames.Count > 0 && pso.TypeNames[0].StartsWith("Deserialized.", StringComparison.Ordinal);
        if (baseObject is IEnumerable and not string)
        {
            return baseObject;
        }

        if (baseObject is PSCustomObject)
        {
            if (deserialized)
            {
                return pso.ToString();
            }

            var expression = pso.Properties["Expression"]?.Value;
            if (expression is not null)
            {
                return Unwrap(expression);
            }

            // An object from ConvertFrom-Json prints as @{...}, or as nothing when it was written as {};
            // either way the reader reports it instead of taking it as text.
            var text = pso.ToString();
            return text.Length == 0 ? "@{}" : text;
        }

        return deserialized ? pso.ToString() : baseObject;
    }
}
