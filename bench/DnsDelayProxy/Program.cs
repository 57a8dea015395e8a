using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;

namespace ATTR35.Bench.DnsDelayProxy;

/// <summary>
/// <c>DnsDelayProxy --listen 127.54.0.2:15301 --upstream 127.54.0.1:15300 --delay-ms 20 --state proxy.json</c>:
/// forwards DNS over UDP and TCP to one loopback server, holding every query for the delay
/// (a simulated round-trip time) without holding up any other. Counts what it forwards in the
/// state file, rewritten every 100 ms, which exists once the proxy listens. Runs until SIGTERM
/// or SIGINT.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (!ProxyOptions.TryParse(args, out var options, out var error))
        {
            Console.Error.WriteLine(error + Environment.NewLine + ProxyOptions.Usage);
            return 2;
        }

        using var stop = new ManualResetEventSlim();
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        var counters = new Counters();
        using var udp = new UdpRelay(options!, counters);
        using var tcp = new TcpRelay(options!, counters);
        udp.Start();
        tcp.Start();
        Console.WriteLine($"DnsDelayProxy: {options!.Listen} -> {options.Upstream}, delay {options.Delay.TotalMilliseconds} ms");

        string? last = null;
        do
        {
            last = WriteState(options, counters, last);
        }
        while (!stop.Wait(100));

        WriteState(options, counters, null);
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Set();
        }
    }

    private static string WriteState(ProxyOptions options, Counters counters, string? last)
    {
        var state = JsonSerializer.Serialize(new
        {
            Listen = options.Listen.ToString(),
            Upstream = options.Upstream.ToString(),
            DelayMs = options.Delay.TotalMilliseconds,
            Pid = Environment.ProcessId,
            counters.UdpQueries,
            counters.TcpQueries,
            counters.UdpReplies,
            counters.UnmatchedReplies,
            MeanHeldMs = counters.MeanHeldTicks * 1000.0 / Stopwatch.Frequency,
        });
        if (state == last)
        {
            return state;
        }

        // Replaced atomically, so a reader never sees half a file.
        var temporary = options.StatePath + ".tmp";
        File.WriteAllText(temporary, state);
        File.Move(temporary, options.StatePath, overwrite: true);
        return state;
    }
}
