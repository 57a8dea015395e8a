using System;
using System.Globalization;
using System.IO;
using System.Net;

namespace ATTR35.Bench.DnsDelayProxy;

/// <summary>
/// The command line: where to listen (port 0: one the system chooses, written to the state file),
/// where to forward, how long to hold each query, and the faults of a lossy network over UDP:
/// the share of queries dropped, of answers sent twice, of answers held <c>--late-ms</c> longer.
/// </summary>
internal sealed record ProxyOptions(IPEndPoint Listen, IPEndPoint Upstream, TimeSpan Delay, string StatePath)
{
    public const string Usage = "usage: DnsDelayProxy --listen <ip:port> --upstream <ip:port> --delay-ms <ms> --state <file.json>" +
        " [--drop-rate <0-1>] [--duplicate-rate <0-1>] [--late-rate <0-1>] [--late-ms <ms>] [--drop-first-copy] [--clean-first <n>] [--seed <n>]";

    /// <summary>The share of UDP queries never forwarded (1: a silent server).</summary>
    public double DropRate { get; init; }

    /// <summary>The share of UDP answers sent to the client twice.</summary>
    public double DuplicateRate { get; init; }

    /// <summary>The share of UDP answers held <see cref="Late"/> before they go back.</summary>
    public double LateRate { get; init; }

    /// <summary>How long a late answer is held.</summary>
    public TimeSpan Late { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Drops the first copy of every question (after the clean ones): each needs a retransmission.</summary>
    public bool DropFirstCopy { get; init; }

    /// <summary>The first questions (every copy of each) pass without any fault: a client's warm-up.</summary>
    public long CleanFirst { get; init; }

    /// <summary>The seed of the fault dice, so a run can be repeated.</summary>
    public int Seed { get; init; } = 35;

    /// <summary>True when any fault is configured.</summary>
    public bool Lossy => DropRate > 0 || DuplicateRate > 0 || LateRate > 0 || DropFirstCopy;

    public static bool TryParse(string[] args, out ProxyOptions? options, out string error)
    {
        options = null;
        error = string.Empty;
        IPEndPoint? listen = null;
        IPEndPoint? upstream = null;
        double delay = 0;
        string? state = null;
        double drop = 0, duplicate = 0, lateRate = 0, lateMs = 300;
        bool dropFirst = false;
        long cleanFirst = 0;
        int seed = 35;
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
                case "--drop-rate" when TryRate(value, out drop):
                case "--duplicate-rate" when TryRate(value, out duplicate):
                case "--late-rate" when TryRate(value, out lateRate):
                    i++;
                    break;
                case "--late-ms" when value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out lateMs) && lateMs >= 0 && lateMs <= 60_000:
                    i++;
                    break;
                case "--clean-first" when value is not null && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out cleanFirst):
                    i++;
                    break;
                case "--seed" when value is not null && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed):
                    i++;
                    break;
                case "--drop-first-copy":
                    dropFirst = true;
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

        options = new ProxyOptions(listen, upstream, TimeSpan.FromMilliseconds(delay), Path.GetFullPath(state))
        {
            DropRate = drop,
            DuplicateRate = duplicate,
            LateRate = lateRate,
            Late = TimeSpan.FromMilliseconds(lateMs),
            DropFirstCopy = dropFirst,
            CleanFirst = cleanFirst,
            Seed = seed,
        };
        return true;
    }

    private static bool TryRate(string? value, out double rate)
    {
        rate = 0;
        return value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) && rate >= 0 && rate <= 1;
    }
}
