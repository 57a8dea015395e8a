using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ATTR35.Base;

namespace ATTR35.Connectors;

/// <summary>
/// One entry of a connector's SenderIPAddresses, read the way Exchange Online's New-InboundConnector
/// validates it: a single IPv4 address or an IPv4 CIDR block from /24 to /32. Anything else is kept
/// with the reason it would be refused, so it can be reported instead of crashing or silently matching.
/// </summary>
internal sealed class SenderIPAddressEntry
{
    /// <summary>The narrowest block Exchange Online accepts.</summary>
    public const int MinimumPrefixLength = 24;

    private SenderIPAddressEntry(string text, Ipv4Range? range, SenderIPAddressProblem problem, string? reason, bool hostBitsSet)
    {
        Text = text;
        Range = range;
        Problem = problem;
        Reason = reason;
        HostBitsSet = hostBitsSet;
    }

    /// <summary>The entry as written, trimmed.</summary>
    public string Text { get; }

    /// <summary>
    /// The IPv4 addresses the entry stands for; also set for refused entries that still name IPv4
    /// addresses (a /16, a range), so they can be linted; null for IPv6 and malformed entries.
    /// </summary>
    public Ipv4Range? Range { get; }

    /// <summary>Why Exchange Online would refuse the entry; <see cref="SenderIPAddressProblem.None"/> when it accepts it.</summary>
    public SenderIPAddressProblem Problem { get; }

    /// <summary>True when Exchange Online accepts the entry, so it takes part in matching.</summary>
    public bool IsAccepted => Problem == SenderIPAddressProblem.None;

    /// <summary>Why the entry would be refused, as a clause for a message; null when accepted.</summary>
    public string? Reason { get; }

    /// <summary>
    /// True for a block written with host bits, such as 192.0.2.5/24. Exchange Online accepts it and
    /// stores the network (192.0.2.0/24): its IPRange clears the host bits, and Microsoft's own
    /// New-InboundConnector example uses 192.168.0.1/25. So it matches the whole block and is not refused.
    /// </summary>
    public bool HostBitsSet { get; }

    /// <summary>The form Get-InboundConnector would show: the range normalised, else the text as written.</summary>
    public string Normalized => IsAccepted && Range is not null ? Range.ToString() : Text;

    /// <summary>Reads one entry.</summary>
    public static SenderIPAddressEntry Parse(string? text)
    {
        var value = (text ?? string.Empty).Trim();
        if (value.Length == 0)
        {
            return Refused(value, null, SenderIPAddressProblem.Malformed, "it is empty");
        }

        if (value.IndexOf(':') >= 0)
        {
            var slash = value.IndexOf('/');
            var address = slash >= 0 ? value.Substring(0, slash) : value;
            return IPAddress.TryParse(address, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? Refused(value, null, SenderIPAddressProblem.IPv6, "it is an IPv6 address; inbound connectors match IPv4 addresses only")
                : Refused(value, null, SenderIPAddressProblem.Malformed, "it is not an IP address");
        }

        var paren = value.IndexOf('(');
        if (paren > 0 && value.EndsWith(")", StringComparison.Ordinal))
        {
            return ParseNetmask(value, paren);
        }

        var dash = value.IndexOf('-');
        if (dash > 0)
        {
            return ParseRange(value, dash);
        }

        var cidr = value.IndexOf('/');
        if (cidr >= 0)
        {
            return ParseCidr(value, cidr);
        }

        return IpLiteral.TryParseIPv4(value, out var single)
            ? new SenderIPAddressEntry(value, Ipv4Range.Single(single), SenderIPAddressProblem.None, null, false)
            : Refused(value, null, SenderIPAddressProblem.Malformed, MalformedAddressReason(value));
    }

    private static SenderIPAddressEntry ParseCidr(string value, int slash)
    {
        var addressText = value.Substring(0, slash);
        var prefixText = value.Substring(slash + 1);
        if (!IpLiteral.TryParseIPv4(addressText, out var address))
        {
            return Refused(value, null, SenderIPAddressProblem.Malformed, MalformedAddressReason(addressText));
        }

        if (prefixText.Length is 0 or > 2 || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
        {
            return Refused(value, null, SenderIPAddressProblem.Malformed, $"'/{prefixText}' is not a prefix length (0 to 32)");
        }

        var range = Ipv4Range.FromCidr(address, prefix);
        if (prefix < MinimumPrefixLength)
        {
            return Refused(value, range, SenderIPAddressProblem.PrefixTooShort,
                $"a /{prefix} block is wider than the /{MinimumPrefixLength} Exchange Online allows on a connector");
        }

        return new SenderIPAddressEntry(value, range, SenderIPAddressProblem.None, null, range.First != address);
    }

    private static SenderIPAddressEntry ParseRange(string value, int dash)
    {
        var firstText = value.Substring(0, dash).Trim();
        var lastText = value.Substring(dash + 1).Trim();
        if (!IpLiteral.TryParseIPv4(firstText, out var first) || !IpLiteral.TryParseIPv4(lastText, out var last) || first > last)
        {
            return Refused(value, null, SenderIPAddressProblem.Malformed, "it is neither an address nor a valid first-last range");
        }

        return Refused(value, Ipv4Range.FromBounds(first, last), SenderIPAddressProblem.AddressRange,
            "SenderIPAddresses takes single addresses and CIDR blocks, not first-last ranges");
    }

    private static SenderIPAddressEntry ParseNetmask(string value, int paren)
    {
        var addressText = value.Substring(0, paren).Trim();
        var maskText = value.Substring(paren + 1, value.Length - paren - 2).Trim();
        if (!IpLiteral.TryParseIPv4(addressText, out var address) || !IpLiteral.TryParseIPv4(maskText, out var mask) || !IsContiguousMask(mask))
        {
            return Refused(value, null, SenderIPAddressProblem.Malformed, "it is neither an address nor a valid address with netmask");
        }

        var prefix = 0;
        for (var m = mask; m != 0; m <<= 1)
        {
            prefix++;
        }

        return Refused(value, Ipv4Range.FromCidr(address, prefix), SenderIPAddressProblem.Netmask,
            "SenderIPAddresses takes CIDR notation, not an address with a netmask");
    }

    private static bool IsContiguousMask(uint mask) => (~mask & (~mask + 1)) == 0;

    private static string MalformedAddressReason(string text)
    {
        var parts = text.Split('.');
        foreach (var part in parts)
        {
            if (part.Length > 1 && part[0] == '0' && part.Length <= 3 && IsDigits(part))
            {
                return "its leading zeros make it ambiguous (some parsers read them as octal)";
            }
        }

        return parts.Length != 4 ? "it is not an IPv4 address (an address has four parts, such as 203.0.113.25)" : "it is not an IPv4 address (each part is 0 to 255)";
    }

    private static bool IsDigits(string text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static SenderIPAddressEntry Refused(string text, Ipv4Range? range, SenderIPAddressProblem problem, string reason) =>
        new(text, range, problem, reason, false);

    /// <inheritdoc/>
    public override string ToString() => Text;
}
