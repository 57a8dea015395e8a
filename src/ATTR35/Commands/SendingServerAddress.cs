using ATTR35.Base;

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
        var endpoint = Endpoint.Split(input.Trim());
        if (endpoint.Bracketed && !endpoint.Closed)
        {
            reason = "the '[' has no closing ']'";
            return false;
        }

        if (endpoint.TextAfterBracket)
        {
            reason = "only ':port' may follow ']'";
            return false;
        }

        if (endpoint.Port is not null && Endpoint.ReadPort(endpoint.Port, out port) != PortText.Valid)
        {
            reason = $"'{endpoint.Port}' is not a port number (1 to 65535)";
            return false;
        }

        if (IpLiteral.TryParse(endpoint.Host, out var address))
        {
            host = address!.ToString();
            return true;
        }

        if (IpLiteral.WhyNotAnAddress(endpoint.Host) is { } notAddress)
        {
            reason = notAddress;
            return false;
        }

        return DomainNameValidator.TryNormalize(endpoint.Host, out host, out reason);
    }
}
