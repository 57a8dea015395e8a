using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DnsClient;
using DnsClient.Protocol;

namespace ATTR35.Bench.DnsClientAlone;

/// <summary>
/// <c>DnsClientAlone --server 127.54.0.1:15300 --domains domains.txt --concurrency 64 --passes 4</c>:
/// for every domain of the file, in order, with that many in flight, the MX question, then the A
/// and AAAA questions of each MX target together, as Test-MxRecord asks them. Within a pass each
/// target is asked once (a target shared by many domains is one question, as in the module's
/// per-invocation cache); each pass starts afresh. One LookupClient, DnsClient's cache off.
/// Prints one JSON line: the seconds and the process's CPU seconds of each pass (the first is a
/// fresh process's first pass, JIT included), and the counts of answers, so a lost question shows.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        string? server = null, domainsPath = null;
        int concurrency = 64, passes = 4;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--server": server = args[i + 1]; break;
                case "--domains": domainsPath = args[i + 1]; break;
                case "--concurrency": concurrency = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--passes": passes = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unexpected argument {args[i]}"); return 2;
            }
        }

        if (server is null || domainsPath is null || !IPEndPoint.TryParse(server, out var endpoint) || !IPAddress.IsLoopback(endpoint.Address))
        {
            Console.Error.WriteLine("usage: DnsClientAlone --server <loopback ip:port> --domains <file> [--concurrency 64] [--passes 4]");
            return 2;
        }

        var client = new LookupClient(new LookupClientOptions(new NameServer(endpoint))
        {
            UseCache = false,
            Timeout = TimeSpan.FromSeconds(1),
            Retries = 4,
            ThrowDnsErrors = false,
            UseTcpFallback = true,
        });

        var seconds = new List<double>();
        var cpu = new List<double>();
        var self = Process.GetCurrentProcess();
        long answered = 0, failed = 0;
        for (int pass = 0; pass < passes; pass++)
        {
            // Read as the module's benchmark reads it: streamed from the file, in order.
            using var domains = File.ReadLines(domainsPath).GetEnumerator();
            var gate = new object();
            var targets = new ConcurrentDictionary<string, Task<bool>>(StringComparer.OrdinalIgnoreCase);
            long ok = 0, bad = 0;
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                while (true)
                {
                    string domain;
                    lock (gate)
                    {
                        if (!domains.MoveNext())
                        {
                            return;
                        }

                        domain = domains.Current;
                    }

                    if (await CheckAsync(client, domain, targets))
                    {
                        Interlocked.Increment(ref ok);
                    }
                    else
                    {
                        Interlocked.Increment(ref bad);
                    }
                }
            })).ToArray();
            await Task.WhenAll(workers);
            watch.Stop();
            self.Refresh();
            seconds.Add(watch.Elapsed.TotalSeconds);
            cpu.Add((self.TotalProcessorTime - cpuBefore).TotalSeconds);
            answered = ok;
            failed = bad;
        }

        Console.WriteLine(JsonSerializer.Serialize(new { Seconds = seconds, Cpu = cpu, Answered = answered, Failed = failed }));
        return 0;
    }

    private static async Task<bool> CheckAsync(LookupClient client, string domain, ConcurrentDictionary<string, Task<bool>> targets)
    {
        var mx = await client.QueryAsync(domain, QueryType.MX);
        if (mx.HasError)
        {
            return false;
        }

        var exchanges = mx.Answers.OfType<MxRecord>().Select(r => r.Exchange.Value.TrimEnd('.')).ToArray();
        var ok = exchanges.Length > 0;
        foreach (var target in exchanges)
        {
            ok &= await targets.GetOrAdd(target, t => AddressesAsync(client, t));
        }

        return ok;
    }

    private static async Task<bool> AddressesAsync(LookupClient client, string target)
    {
        var a = client.QueryAsync(target, QueryType.A);
        var aaaa = client.QueryAsync(target, QueryType.AAAA);
        var v4 = await a;
        var v6 = await aaaa;
        return !v4.HasError && !v6.HasError && v4.Answers.OfType<ARecord>().Any();
    }
}
