using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ATTR35.Base;

namespace ATTR35.Smtp;

/// <summary>
/// A smart host as admins write it: <c>host</c>, <c>host:port</c>, <c>[host]</c>,
/// <c>[host]:port</c>, <c>192.0.2.1</c>, <c>[192.0.2.1]:25</c>, <c>[2001:db8::1]:25</c>, a bare
/// <c>2001:db8::1</c> (no port possible then) or the SMTP address literal <c>[IPv6:2001:db8::1]</c>.
/// </summary>
/// <remarks>
/// Brackets follow Postfix: <c>[host]</c> means "the host's address records, no MX lookup". A bare
/// name is looked up by MX first and then by address records, which is also what Exchange does
/// with a smart host (and why <c>tenant.onmicrosoft.com</c> works as one). IP addresses are never
/// looked up.
/// </remarks>
internal sealed class SmartHostAddress
{
    private SmartHostAddress(string host, IPAddress? address, int? port, bool bracketed)
    {
        Host = host;
        Address = address;
        Port = port;
        Bracketed = bracketed;
    }

    /// <summary>
    /// The host: a name in lower-case ASCII (IDN converted) without a trailing dot, or the address
    /// in its canonical text form (IPv6 without brackets).
    /// </summary>
    public string Host { get; }

    /// <summary>The address when the smart host is an IP literal; null for a name.</summary>
    public IPAddress? Address { get; }

    /// <summary>The port given, or null when none was (the caller's default applies, normally 25).</summary>
    public int? Port { get; }

    /// <summary>True when the host was written in brackets.</summary>
    public bool Bracketed { get; }

    /// <summary>True when the destination is found by an MX lookup first (a bare name); false for <c>[name]</c> and IP literals.</summary>
    public bool UseMxLookup => Address is null && !Bracketed;

    /// <summary>
    /// Parses one smart host. On failure <paramref name="error"/> is a phrase for "The smart host 'x' is not
    /// usable: <i>error</i>." that says what to write instead.
    /// </summary>
    public static bool TryParse(string? text, out SmartHostAddress? smartHost, out string error)
    {
        smartHost = null;
        error = Check(text, out var result) ?? string.Empty;
        smartHost = result;
        return result is not null;
    }

    /// <summary>The smart host in its canonical written form, for example <c>[mail.contoso.com]:25</c>.</summary>
    public override string ToString()
    {
        var isV6 = Address is { AddressFamily: AddressFamily.InterNetworkV6 };
        var host = Bracketed || (isV6 && Port is not null) ? "[" + Host + "]" : Host;
        return Port is null ? host : host + ":" + Port.Value.ToString(CultureInfo.InvariantCulture);
    }

    // Returns the error text, or null with the parsed result.
    private static string? Check(string? text, out SmartHostAddress? result)
    {
        result = null;
        var value = (text ?? string.Empty).Trim();
        if (value.Length == 0)
        {
            return "the smart host is empty; give a host name or address, for example contoso.mail.onmicrosoft.com";
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return "it contains a control character (such as a line break or tab); give one host name or address";
            }

            if (char.IsWhiteSpace(c))
            {
                return "it contains white space; give one host, for example mail.contoso.com or mail.contoso.com:25 (pass several smart hosts as separate values)";
            }
        }

        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            return $"drop the '{value.Substring(0, scheme + 3)}' prefix: a smart host is written host or host:port, for example mail.contoso.com:25";
        }

        if (value.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) && value.Length > 5 && !IsDigit(value[5]))
        {
            return "this is a send connector address space (SMTP:domain;cost), not a smart host; give the domain to -DomainName and the connector's SmartHosts to -SmartHost";
        }

        if (value.IndexOf(',') >= 0 || value.IndexOf(';') >= 0)
        {
            return "it lists several hosts; pass each smart host as a separate value";
        }

        if (value.IndexOf('@') >= 0)
        {
            return "it contains '@': a smart host is a host name or IP address, not a mail address or user@host";
        }

        if (value.IndexOf('/') >= 0 || value.IndexOf('\\') >= 0)
        {
            return "it contains a slash: give a host or host:port, without a path or a network prefix such as /24";
        }

        if (value.IndexOf('*') >= 0)
        {
            return "it contains a wildcard '*': a smart host is one host name";
        }

        if (value.IndexOf('%') >= 0)
        {
            return "it contains '%': a zone index (fe80::1%eth0) has no place in a smart host; give a routable address or a host name";
        }

        return value[0] == '[' ? CheckBracketed(value, out result) : CheckBare(value, out result);
    }

    private static string? CheckBracketed(string value, out SmartHostAddress? result)
    {
        result = null;
        var endpoint = Endpoint.Split(value);
        if (!endpoint.Closed)
        {
            return "the '[' has no closing ']'; write [host] or [host]:port";
        }

        var inner = endpoint.Host;
        if (inner.IndexOf('[') >= 0 || endpoint.Rest.IndexOf('[') >= 0 || endpoint.Rest.IndexOf(']') >= 0)
        {
            return "the brackets are unbalanced; write [host] or [host]:port";
        }

        if (inner.Length == 0)
        {
            return "there is nothing between '[' and ']'";
        }

        if (endpoint.TextAfterBracket)
        {
            return $"after ']' only ':port' may follow, for example [{inner}]:25";
        }

        int? port = null;
        if (endpoint.Port is not null)
        {
            var portError = ParsePort(endpoint.Port, out var parsed);
            if (portError is not null)
            {
                return portError;
            }

            port = parsed;
        }

        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            var literal = inner.Substring(5);
            if (IpLiteral.TryParseIPv6(literal, out var v6))
            {
                result = new SmartHostAddress(v6!.ToString(), v6, port, bracketed: true);
                return null;
            }

            return $"'{literal}' after 'IPv6:' is not an IPv6 address";
        }

        var hostError = ParseHost(inner, out var host, out var address);
        if (hostError is not null)
        {
            return hostError;
        }

        result = new SmartHostAddress(host, address, port, bracketed: true);
        return null;
    }

    private static string? CheckBare(string value, out SmartHostAddress? result)
    {
        result = null;
        if (value.IndexOf(']') >= 0)
        {
            return "there is a ']' without '['; write [host] or [host]:port";
        }

        var endpoint = Endpoint.Split(value);
        if (endpoint.ManyColons)
        {
            // Only an IPv6 address has several colons, and then no port can follow.
            if (IpLiteral.TryParseIPv6(value, out var v6))
            {
                result = new SmartHostAddress(v6!.ToString(), v6, null, bracketed: false);
                return null;
            }

            return LooksLikeIPv6(value)
                ? $"'{value}' is not a valid IPv6 address; to give a port with an IPv6 address, bracket it: [2001:db8::1]:25"
                : "it has more than one ':'; write host:port with a single port, for example mail.contoso.com:25";
        }

        int? port = null;
        if (endpoint.Port is not null)
        {
            if (endpoint.Host.Length == 0)
            {
                return "the host before ':' is missing";
            }

            var portError = ParsePort(endpoint.Port, out var parsed);
            if (portError is not null)
            {
                return portError;
            }

            port = parsed;
        }

        var hostError = ParseHost(endpoint.Host, out var host, out var address);
        if (hostError is not null)
        {
            return hostError;
        }

        result = new SmartHostAddress(host, address, port, bracketed: false);
        return null;
    }

    private static string? ParseHost(string text, out string host, out IPAddress? address)
    {
        host = string.Empty;
        if (IpLiteral.TryParse(text, out address))
        {
            host = address!.ToString();
            return null;
        }

        address = null;
        if (text.IndexOf(':') >= 0)
        {
            return $"'{text}' is not a valid IPv6 address";
        }

        var name = DnsName.TrimDot(text);
        var lastDot = name.LastIndexOf('.');
        var lastLabel = lastDot >= 0 ? name.Substring(lastDot + 1) : name;
        if (IsNumericLabel(lastLabel))
        {
            // "192.0.2.300", "10.1" or "mail.123": an address typed wrong, since no top-level
            // domain is all digits.
            return $"'{text}' is neither a valid IPv4 address (four numbers from 0 to 255, without leading zeros) nor a host name";
        }

        if (name.Length > 0 && lastDot < 0)
        {
            return $"'{text}' is a single-label name; give the fully qualified host name, for example {name}.contoso.com (DNS search suffixes are not applied)";
        }

        if (!DomainNameValidator.TryNormalize(text, out var ascii, out var reason))
        {
            return $"'{text}' is not a valid host name: {reason}";
        }

        host = ascii;
        return null;
    }

    private static string? ParsePort(string text, out int port)
    {
        switch (Endpoint.ReadPort(text, out port))
        {
            case PortText.Missing:
                return "the port after ':' is missing; write host:port, for example mail.contoso.com:25";
            case PortText.NotDigits:
                return $"the port '{text}' is not a number; give a port from 1 to 65535 (SMTP relay uses 25)";
            case PortText.OutOfRange:
                return $"the port {text} is outside 1 to 65535 (SMTP relay uses 25)";
        }

        if (text.Length > 5)
        {
            // Zero-padded past five digits: no admin writes a port that way, so it is a typo.
            port = 0;
            return $"the port {text} is outside 1 to 65535 (SMTP relay uses 25)";
        }

        return null;
    }

    private static bool LooksLikeIPv6(string value)
    {
        foreach (var c in value)
        {
            if (!(IsDigit(c) || c == ':' || c == '.' || c == '%' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNumericLabel(string label)
    {
        if (label.Length == 0)
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}
