using System;
using System.Collections.Generic;
using System.Linq;
using ATTR35.Base;

namespace ATTR35.Microsoft365;

/// <summary>
/// The events of one recipient domain and relay, summed up as they arrive: counts, times, the
/// front ends and regions seen, and the first reply of each kind. Nothing per event is kept, so a
/// group of a million deferrals costs what a group of one does.
/// </summary>
internal sealed class Attr35EventGroup
{
    // Enough distinct values to show the spread; a log that names thousands of front ends gains nothing from the rest.
    private const int MaxDistinct = 16;

    // Exchange's name for a queue that delivers to the MX hosts of its next-hop domain.
    private const string DnsConnectorDelivery = "DnsConnectorDelivery";

    private readonly List<string> _frontEnds = new();
    private readonly List<string> _regions = new();
    private readonly List<string> _relayAddresses = new();
    private readonly Dictionary<ReplyKind, int> _kinds = new();
    private readonly Dictionary<ReplyKind, Attr35Event> _firstOfKind = new();

    public Attr35EventGroup(string? domainName, string? relay)
    {
        DomainName = domainName;
        Relay = relay;
    }

    /// <summary>The recipient domain (lower case, no trailing dot), when known.</summary>
    public string? DomainName { get; }

    /// <summary>The host the sender talked to (lower case, no trailing dot), when known.</summary>
    public string? Relay { get; }

    public int Count { get; private set; }

    /// <summary>
    /// True when an event came from an Exchange queue that delivers by DNS (Get-Queue
    /// DeliveryType DnsConnectorDelivery): the sender followed the recipient domain's MX, even
    /// where the queue's error names no host.
    /// </summary>
    public bool RoutedByMx { get; private set; }

    public DateTimeOffset? FirstSeen { get; private set; }

    public DateTimeOffset? LastSeen { get; private set; }

    public IReadOnlyList<string> FrontEnds => _frontEnds;

    public IReadOnlyList<string> Regions => _regions;

    public IReadOnlyList<string> RelayAddresses => _relayAddresses;

    /// <summary>How many events of each kind.</summary>
    public IReadOnlyDictionary<ReplyKind, int> Kinds => _kinds;

    /// <summary>The first event of each kind, for the messages that quote a reply.</summary>
    public IReadOnlyDictionary<ReplyKind, Attr35Event> FirstOfKind => _firstOfKind;

    /// <summary>Events of the ATTR35 family: ATTR35 itself and the tenant attribution replies.</summary>
    public int FamilyCount => CountOf(ReplyKind.Attr35) + CountOf(ReplyKind.TenantAttribution) + CountOf(ReplyKind.TenantInboundAttribution);

    /// <summary>The group key of an event: recipient domain and relay, normalised.</summary>
    public static (string? Domain, string? Relay) KeyOf(Attr35Event e, string? domainOverride) =>
        (domainOverride ?? DomainOf(e.RecipientDomain), NormalizeName(e.Relay));

    // What a log says is the recipient domain is checked in DNS only when it is a domain name.
    private static string? DomainOf(string? text) =>
        NormalizeName(text) is { } name && DomainNameValidator.TryNormalize(name, out var ascii, out _) ? ascii : null;

    public static bool IsFamily(ReplyKind kind) => kind is ReplyKind.Attr35 or ReplyKind.TenantAttribution or ReplyKind.TenantInboundAttribution;

    public int CountOf(ReplyKind kind) => _kinds.TryGetValue(kind, out var n) ? n : 0;

    public void Add(Attr35Event e)
    {
        Count++;
        _kinds[e.Kind] = CountOf(e.Kind) + 1;
        RoutedByMx |= string.Equals(e.DeliveryType, DnsConnectorDelivery, StringComparison.OrdinalIgnoreCase);
        if (!_firstOfKind.ContainsKey(e.Kind))
        {
            _firstOfKind[e.Kind] = e;
        }

        if (e.Time is { } time)
        {
            FirstSeen = FirstSeen is null || time < FirstSeen ? time : FirstSeen;
            LastSeen = LastSeen is null || time > LastSeen ? time : LastSeen;
        }

        AddDistinct(_frontEnds, NormalizeName(e.FrontEnd), StringComparer.OrdinalIgnoreCase);
        AddDistinct(_regions, e.Region?.Trim().ToUpperInvariant(), StringComparer.Ordinal);
        AddDistinct(_relayAddresses, e.RelayAddress?.Trim().Trim('[', ']'), StringComparer.OrdinalIgnoreCase);
    }

    internal static string? NormalizeName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var text = DnsName.Canonical(name!.Trim().Trim('[', ']'));
        return text.Length == 0 ? null : text;
    }

    private static void AddDistinct(List<string> list, string? value, StringComparer comparer)
    {
        if (value is null || value.Length == 0 || list.Count >= MaxDistinct || list.Contains(value, comparer))
        {
            return;
        }

        list.Add(value);
    }
}
