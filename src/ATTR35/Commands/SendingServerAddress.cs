using System;
using System.Globalization;
using System.Linq;
using System.Net;
using ATTR35.Connectors;
using ATTR35.Dns;

namespace ATTR35.Commands;

/// <summary>A -SendingServer value: host, host:port, [host]:port, an IPv4 or IPv6 address.</summary>
internal static class SendingServerAddress
{
    /// <summary>The SMTP port used when the value names none.</summary>
    public const int DefaultPort = 25;

    /// <summary>Parses one value; false with a reason for "cannot be used: <i>reason</i>".</summary>
    public static bool TryParse(string input, out string host, out int port, out string reason)
    {
        host = string.Empty;
        port = DefaultPort;
        reason = string.Empty;
        var text = input.Trim();
        string? portText = null;
        if (text.StartsWith("[", StringComparison.Ordinal))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                reason = "the '[' has no closing ']'";
                return false;
            }

            var rest = text.Substring(close + 1);
            if (rest.Length > 0 && !rest.StartsWith(":", StringComparison.Ordinal))
            {
                reason = "only ':port' may follow ']'";
                return false;
            }

            portText = rest.Length > 0 ? rest.Substring(1) : null;
            text = text.Substring(1, close - 1);
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':');
            portText = text.Substring(colon + 1);
            text = text.Substring(0, colon);
        }

        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            reason = $"'{portText}' is not a port number (1 to 65535)";
            return false;
        }

        if (IPAddress.TryParse(text, out var address) && (text.IndexOf(':') >= 0 || Ipv4Range.TryParseAddress(text, out _)))
        {
            host = address.ToString();
            return true;
        }

        if (!DomainNameValidator.TryNormalize(text, out host, out reason))
        {
            return false;
        }

        return true;
    }
}
