using System.Net;
using ATTR35.Base;

namespace ATTR35.Dns;

/// <summary>
/// A <c>-Server</c> value: <c>192.0.2.53</c>, <c>192.0.2.53:5300</c>, <c>[2001:db8::53]:53</c>,
/// <c>2001:db8::53</c> or a host name (optionally <c>name:port</c>).
/// </summary>
internal sealed record NameServerSpec(string Host, IPAddress? Address, int Port)
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

        var endpoint = Endpoint.Split(value);
        var host = endpoint.Host;
        var port = 53;
        if (endpoint.Bracketed)
        {
            if (!endpoint.Closed)
            {
                error = "the '[' has no closing ']'";
                return false;
            }

            if (endpoint.Rest.Length > 0 && (endpoint.Port is null || Endpoint.ReadPort(endpoint.Port, out port) != PortText.Valid))
            {
                error = "after ']' only ':port' may follow";
                return false;
            }
        }
        else if (endpoint.Port is not null)
        {
            if (host.Length == 0)
            {
                // ":53" is no name with a port but a name that is not one.
                host = value;
            }
            else if (Endpoint.ReadPort(endpoint.Port, out port) != PortText.Valid)
            {
                error = "the port must be a number from 1 to 65535";
                return false;
            }
        }

        if (IpLiteral.TryParse(host, out var address))
        {
            spec = new NameServerSpec(address!.ToString(), address, port);
            return true;
        }

        if (IpLiteral.WhyNotAnAddress(host) is { } notAddress)
        {
            error = notAddress;
            return false;
        }

        if (!DomainNameValidator.TryNormalize(host, out var ascii, out var reason))
        {
            error = reason;
            return false;
        }

        spec = new NameServerSpec(ascii, null, port);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Address is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
