using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ATTR35.Base;

/// <summary>
/// The one strict reader of IP addresses. <see cref="IPAddress.TryParse(string, out IPAddress)"/>
/// also takes "10" (0.0.0.10), "10.1" and octal "010.0.0.1", which would match or connect to an
/// address the admin never meant; here an IPv4 address is four decimal parts of 0 to 255 without
/// leading zeros, and an IPv6 address has no zone index.
/// </summary>
internal static class IpLiteral
{
    /// <summary>
    /// True for an IPv4 address in dotted-quad form or an IPv6 address, after
    /// <see cref="DnsName.Normalize"/> (surrounding brackets, white space and a trailing dot aside).
    /// </summary>
    public static bool TryParse(string? text, out IPAddress? address)
    {
        address = null;
        var value = DnsName.Normalize(text);
        if (value.IndexOf(':') >= 0)
        {
            // A zone index (fe80::1%eth0) is meaningless for a mail or name server.
            return value.IndexOf('%') < 0
                && IPAddress.TryParse(value, out address)
                && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        if (!TryParseIPv4(value, out var number))
        {
            return false;
        }

        address = new IPAddress(new[] { (byte)(number >> 24), (byte)(number >> 16), (byte)(number >> 8), (byte)number });
        return true;
    }

    /// <summary>
    /// Why a host part with a ':' (no host name has one) is not an address <see cref="TryParse"/>
    /// takes, in words for "cannot be used: <i>reason</i>"; null when it has no ':'. Without it
    /// the host-name reader would answer "a single label" for a mistyped IPv6 address.
    /// </summary>
    public static string? WhyNotAnAddress(string host)
    {
        if (host.IndexOf(':') < 0)
        {
            return null;
        }

        if (host.IndexOf("://", System.StringComparison.Ordinal) >= 0)
        {
            return "it is a URL; give the host alone, or host:port";
        }

        if (host.IndexOf('%') >= 0)
        {
            return $"it contains '%': a zone index ({host}) has no place here; give a routable address or a host name";
        }

        if (host.StartsWith("IPv6:", System.StringComparison.OrdinalIgnoreCase))
        {
            return $"'IPv6:' belongs to SMTP address literals; give the address alone, such as {(host.Length > 5 ? host.Substring(5) : "2001:db8::1")}";
        }

        if (host.IndexOf(':') == host.LastIndexOf(':'))
        {
            // One ':' left in the host part (":25"): the host-name reader's words fit.
            return null;
        }

        foreach (var c in host)
        {
            if (!(c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            {
                return "it has more than one ':'; write host:port with a single port, or an IPv6 address as [2001:db8::1]:port";
            }
        }

        return $"'{host}' is not a valid IPv6 address (at most eight groups of hex digits, '::' once)";
    }

    /// <summary>True for an IPv6 address by <see cref="TryParse"/>.</summary>
    public static bool TryParseIPv6(string? text, out IPAddress? address) =>
        TryParse(text, out address) && address!.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>
    /// Reads a dotted quad exactly as written (no trimming): four decimal parts of 0 to 255, no
    /// leading zeros, nothing else; the address as an unsigned number, first octet highest.
    /// </summary>
    public static bool TryParseIPv4(string? text, out uint address)
    {
        address = 0;
        if (text is null)
        {
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            var value = 0u;
            foreach (var c in part)
            {
                if (c is < '0' or > '9')
                {
                    return false;
                }

                value = (value * 10) + (uint)(c - '0');
            }

            if (value > 255)
            {
                return false;
            }

            address = (address << 8) | value;
        }

        return true;
    }

    /// <summary>The dotted-quad form of an address held as a number.</summary>
    public static string FormatIPv4(uint address) => string.Format(
        CultureInfo.InvariantCulture,
        "{0}.{1}.{2}.{3}",
        address >> 24,
        (address >> 16) & 0xFF,
        (address >> 8) & 0xFF,
        address & 0xFF);
}
