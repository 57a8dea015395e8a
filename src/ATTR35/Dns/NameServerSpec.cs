using System;
using System.Globalization;
using System.Net;
using ATTR35.Microsoft365;

namespace ATTR35.Dns;

/// <summary>
/// A <c>-Server</c> value: <c>192.0.2.53</c>, <c>192.0.2.53:5300</c>, <c>[2001:db8::53]:53</c>,
/// <c>2001:db8::53</c> or a host name (optionally <c>name:port</c>).
/// </summary>
public sealed record NameServerSpec(string Host, IPAddress? Address, int Port)
{
    /// <summary>Parses one value; returns false with a reason the user can act on.</summary>
    public static bool TryParse(string? text, out NameServerSpec? spec, out string error)
    {
        spec = null;
        error = string.Empty;
        var value = (text ?? string.Empty).Trim();
        if (value.Length == 0)
        {
            error = "the value is empty";
            return false;
        }

        var host = value;
        var port = 53;
        if (value[0] == '[')
        {
            var close = value.IndexOf(']');
            if (close < 0)
            {
                error = "the '[' has no closing ']'";
                return false;
            }

            host = value.Substring(1, close - 1);
            var rest = value.Substring(close + 1);
            if (rest.Length > 0 && (rest[0] != ':' || !TryParsePort(rest.Substring(1), out port)))
            {
                error = "after ']' only ':port' may follow";
                return false;
            }
        }
        else if (value.IndexOf(':') != value.LastIndexOf(':'))
        {
            // Several colons and no brackets: a bare IPv6 address, port 53.
            host = value;
        }
        else if (value.IndexOf(':') > 0)
        {
            var colon = value.IndexOf(':');
            host = value.Substring(0, colon);
            if (!TryParsePort(value.Substring(colon + 1), out port))
            {
                error = "the port must be a number from 1 to 65535";
                return false;
            }
        }

        if (HostClassifier.TryParseIpLiteral(host, out var address))
        {
            spec = new NameServerSpec(address!.ToString(), address, port);
            return true;
        }

        if (!DomainNameValidator.TryNormalize(host, out var ascii, out var reason))
        {
            error = reason;
            return false;
        }

        spec = new NameServerSpec(ascii, null, port);
        return true;
    }

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;

    /// <inheritdoc/>
    public override string ToString() =>
        Address is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
