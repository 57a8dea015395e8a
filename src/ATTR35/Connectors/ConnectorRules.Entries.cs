using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static ATTR35.Connectors.ConnectorCommands;
using static ATTR35.Microsoft365.FindingCodes;
using ATTR35.Base;

namespace ATTR35.Connectors;

/// <summary>What is wrong with the connectors' own entries whatever the sender: SenderIPAddresses that EOP would refuse or that are too wide, overlapping connectors, certificate names that cannot match.</summary>
internal static partial class ConnectorRules
{
    private static void AddLintFindings(Context context, List<ConnectorState> states, Selection selection, List<Finding> findings)
    {
        foreach (var s in states)
        {
            foreach (var entry in s.Entries.Where(e => !e.IsAccepted))
            {
                findings.Add(new Finding(ConnectorInvalidSenderIPAddress, Severity.Warning, s.Name,
                    $"The SenderIPAddresses entry '{entry.Text}' of connector '{s.Name}' would be refused by Exchange Online: {entry.Reason}; it matches nothing.",
                    InvalidEntryRemedy(context, s, entry)));
            }

            foreach (var entry in s.Entries.Where(e => e.Range is not null))
            {
                if (ReservedIPv4Ranges.TryDescribe(entry.Range!, out var block))
                {
                    var replacement = context.AddressFor(s) is { } address
                        ? ReplaceAddresses(s.Name, entry.Text, new[] { address })
                        : ReplaceAddresses(s.Name, entry.Text, new[] { "<public address>" });
                    findings.Add(new Finding(ConnectorPrivateAddress, Severity.Warning, s.Name,
                        $"The SenderIPAddresses entry '{entry.Text}' of connector '{s.Name}' is {block}: Exchange Online never sees such an address as the source of a connection.",
                        $"Replace it with the public address Exchange Online sees (Test-SmartHost <smart host> -Probe shows it as .Probe.ObservedClientAddress): {replacement}"));
                }
            }

            if (s.CertificateNameProblem is not null)
            {
                var suggestion = (s == context.Target ? context.RecommendedCertificateName : null)
                    ?? SuggestCertificateName(s.Connector.TlsSenderCertificateName!)
                    ?? "<a domain such as mail.contoso.com or *.contoso.com>";
                findings.Add(new Finding(ConnectorInvalidCertificateName, Severity.Warning, s.Name,
                    $"The TlsSenderCertificateName '{s.Connector.TlsSenderCertificateName}' of connector '{s.Name}' would be refused by Exchange Online: {s.CertificateNameProblem}; it matches nothing.",
                    $"Set a name Exchange Online accepts: {SetCertificateName(s.Name, suggestion)}"));
            }
        }

        AddOverlapFindings(states, selection, findings);
    }

    private static void AddOverlapFindings(List<ConnectorState> states, Selection selection, List<Finding> findings)
    {
        // Exchange Online itself warns when a connector's addresses overlap another enabled connector's.
        var enabled = states.Where(s => s.Connector.Enabled).ToList();
        for (var i = 0; i < enabled.Count; i++)
        {
            for (var j = i + 1; j < enabled.Count; j++)
            {
                var a = enabled[i];
                var b = enabled[j];
                var sameTie = selection.Tied.Count > 1 && selection.Tied.Contains(a) && selection.Tied.Contains(b);
                var addressPairs = a.AcceptedEntries.SelectMany(x => b.AcceptedEntries.Where(y => x.Range!.Overlaps(y.Range!)).Select(y => (A: x, B: y))).ToList();
                var namesOverlap = a.CertificateName is not null && b.CertificateName is not null
                    && (CertificateNameMatcher.Covers(a.CertificateName, b.CertificateName) || CertificateNameMatcher.Covers(b.CertificateName, a.CertificateName)
                        || (a.IsWildcardName && b.IsWildcardName && (CertificateNameMatcher.IsWithinDomain(a.CertificateName, b.CertificateName.Substring(2)) || CertificateNameMatcher.IsWithinDomain(b.CertificateName, a.CertificateName.Substring(2)))));

                // A pair that ties for the sender is already reported as ConnectorAmbiguousMatch.
                if (sameTie)
                {
                    continue;
                }

                var parts = new List<string>();
                if (addressPairs.Count > 0)
                {
                    parts.Add(string.Join(", ", addressPairs.Select(p => $"{p.A.Normalized} ('{a.Name}') and {p.B.Normalized} ('{b.Name}')")));
                }

                if (namesOverlap)
                {
                    parts.Add($"the certificate names {a.Connector.TlsSenderCertificateName} ('{a.Name}') and {b.Connector.TlsSenderCertificateName} ('{b.Name}')");
                }

                if (parts.Count == 0)
                {
                    continue;
                }

                var remedies = new List<string>();
                if (addressPairs.Count > 0)
                {
                    remedies.Add($"if both are for the same servers, remove the addresses from one: {RemoveAddresses(b.Name, addressPairs.Select(p => p.B.Text).Distinct())}; if they are for different servers, narrow the entries so they do not overlap");
                }

                if (namesOverlap)
                {
                    remedies.Add($"let only one of them cover the certificate, for example: {SetCertificateName(b.Name, "<a name only that connector's servers present>")}");
                }

                findings.Add(new Finding(ConnectorOverlap, Severity.Warning, a.Name,
                    $"The enabled connectors '{a.Name}' and '{b.Name}' overlap: {string.Join("; ", parts)}; a server in the overlap may be attributed by either.",
                    Finish(char.ToUpperInvariant(remedies[0][0]) + remedies[0].Substring(1) + (remedies.Count > 1 ? "; " + remedies[1] : string.Empty))));
            }
        }
    }

    private static string InvalidEntryRemedy(Context context, ConnectorState s, SenderIPAddressEntry entry)
    {
        var range = entry.Range;
        switch (entry.Problem)
        {
            case SenderIPAddressProblem.AddressRange or SenderIPAddressProblem.Netmask when range is not null:
                var blocks = Ipv4Range.ToCidrBlocks(range.First, range.Last);
                if (blocks.All(b => b.PrefixLength >= SenderIPAddressEntry.MinimumPrefixLength) && blocks.Count <= 16)
                {
                    return $"Replace it with the same addresses in CIDR notation: {ReplaceAddresses(s.Name, entry.Text, blocks.Select(b => b.ToString()))}";
                }

                return WideRemedy(context, s, entry);
            case SenderIPAddressProblem.PrefixTooShort:
                return WideRemedy(context, s, entry);
            case SenderIPAddressProblem.IPv6:
                return $"Replace it with the public IPv4 address the servers send from: {ReplaceAddresses(s.Name, entry.Text, new[] { context.AddressFor(s) ?? "<public IPv4 address>" })}";
            default:
                return context.AddressFor(s) is { } address
                    ? $"Correct it, for example replace it with the sender's address: {ReplaceAddresses(s.Name, entry.Text, new[] { address })}"
                    : $"Replace it with the address written as four decimal numbers (such as 203.0.113.25) or a /24 to /32 block: {ReplaceAddresses(s.Name, entry.Text, new[] { "<address or block>" })}";
        }
    }

    private static string WideRemedy(Context context, ConnectorState s, SenderIPAddressEntry entry)
    {
        if (context.SenderAddress is { } address && context.PublicAddress is not null && entry.Range!.Contains(address))
        {
            return $"Replace it with the addresses the servers really send from, at most /24 each, for example the sender's own address: {ReplaceAddresses(s.Name, entry.Text, new[] { context.PublicAddress })}";
        }

        if (context.AddressFor(s) is { } sender)
        {
            return $"Replace it with the addresses the servers really send from, at most /24 each, for example the sender's address: {ReplaceAddresses(s.Name, entry.Text, new[] { sender })}";
        }

        return $"Replace it with the addresses the servers really send from, at most /24 each: {ReplaceAddresses(s.Name, entry.Text, new[] { "<address or /24 block>" })}";
    }

    private static string? SuggestCertificateName(string written)
    {
        var star = written.LastIndexOf("*.", StringComparison.Ordinal);
        if (star >= 0 && CertificateNameMatcher.TryNormalizeConnectorName("*." + written.Substring(star + 2), out var normalized, out _))
        {
            return normalized;
        }

        return null;
    }
}
