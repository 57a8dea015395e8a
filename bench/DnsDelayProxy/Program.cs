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
/// (a simulated round-trip time) without holding up any other. <c>--drop-rate 0.03
/// --duplicate-rate 0.03 --late-rate 0.03 --late-ms 300</c> make it a lossy network over UDP;
/// <c>--drop-rate 1</c> a silent server; <c>--drop-first-copy</c> loses the first copy of every
/// question. Port 0 in <c>--listen</c>: the system picks one, and the state file says which. Counts what it forwards in the
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
        // TCP on the port UDP got, so a client falls back to TCP where it asked.
        using var tcp = new TcpRelay(options! with { Listen = udp.LocalEndPoint }, counters);
        udp.Start();
        tcp.Start();
        Console.WriteLine($"DnsDelayProxy: {udp.LocalEndPoint} -> {options!.Upstream}, delay {options.Delay.TotalMilliseconds} ms");

        string? last = null;
        do
        {
            last = WriteState(options, udp.LocalEndPoint, counters, last);
        }
        while (!stop.Wait(100));

        WriteState(options, udp.LocalEndPoint, counters, null);
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Set();
        }
    }

    private static string WriteState(ProxyOptions options, System.Net.IPEndPoint listen, Counters counters, string? last)
    {
        var state = JsonSerializer.Serialize(new
        {
            Listen = listen.ToString(),
            Upstream = options.Upstream.ToString(),
            DelayMs = options.Delay.TotalMilliseconds,
            Pid = Environment.ProcessId,
            counters.UdpQueries,
            counters.TcpQueries,
            counters.UdpReplies,
            counters.UnmatchedReplies,
            MeanHeldMs = counters.MeanHeldTicks * 1000.0 / Stopwatch.Frequency,
            options.DropRate,
            options.DuplicateRate,
            options.LateRate,
            LateMs = options.Late.TotalMilliseconds,
            counters.Dropped,
            counters.Duplicated,
            counters.LateReplies,
            counters.Questions,
            counters.Retransmitted,
            SecondCopyBoundsMs = Counters.GapBoundsMs,
            counters.SecondCopyAfterMs,
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
