using System;
using System.Globalization;
using System.IO;
using System.Net;

namespace ATTR35.Bench.DnsDelayProxy;

/// <summary>The command line: where to listen, where to forward, how long to hold each query.</summary>
internal sealed record ProxyOptions(IPEndPoint Listen, IPEndPoint Upstream, TimeSpan Delay, string StatePath)
{
    public const string Usage = "usage: DnsDelayProxy --listen <ip:port> --upstream <ip:port> --delay-ms <ms> --state <file.json>";

    public static bool TryParse(string[] args, out ProxyOptions? options, out string error)
    {
        options = null;
        error = string.Empty;
        IPEndPoint? listen = null;
        IPEndPoint? upstream = null;
        double delay = 0;
        string? state = null;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--listen" when value is not null && IPEndPoint.TryParse(value, out listen):
                    i++;
                    break;
                case "--upstream" when value is not null && IPEndPoint.TryParse(value, out upstream):
                    i++;
                    break;
                case "--delay-ms" when value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out delay) && delay >= 0 && delay <= 10_000:
                    i++;
                    break;
                case "--state" when !string.IsNullOrWhiteSpace(value):
                    state = value;
                    i++;
                    break;
                default:
                    error = $"unexpected or invalid argument '{args[i]}'";
                    return false;
            }
        }

        if (listen is null || upstream is null || state is null)
        {
            error = "--listen, --upstream and --state are required";
            return false;
        }

        // A benchmark tool, not a relay: it never talks to anything but this machine.
        if (!IPAddress.IsLoopback(listen.Address) || !IPAddress.IsLoopback(upstream.Address))
        {
            error = "--listen and --upstream must be loopback addresses";
            return false;
        }

        options = new ProxyOptions(listen, upstream, TimeSpan.FromMilliseconds(delay), Path.GetFullPath(state));
        return true;
    }
}
