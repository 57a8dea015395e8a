using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Dns;
using DnsClient;
using DnsClient.Protocol;

namespace ATTR35.DnsClientAdapter;

/// <summary>
/// <see cref="IDnsTransport"/> over DnsClient. Created by reflection from ATTR35's loader, inside
/// the module's private load context; nothing outside this assembly sees a DnsClient type.
/// </summary>
public sealed class DnsClientTransport : IDnsTransport
{
    // A lost UDP datagram should cost a short wait, not the whole timeout. Each question is sent
    // again after a tenth of the bound (at least 200 ms, at most 1 s; 500 ms for the default 5 s),
    // then after twice that, and so on until the bound, as stub resolvers do. Sending again is
    // harmless (the server answers the same question twice); waiting is what costs: at high
    // concurrency a full server socket drops datagrams, and every loss used to cost a third of
    // the bound.
    private static readonly TimeSpan s_minimumAttempt = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_maximumFirstAttempt = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_guard = TimeSpan.FromMilliseconds(250);

    // Less than this left of the bound is not worth another datagram.
    private static readonly TimeSpan s_lastAttempt = TimeSpan.FromMilliseconds(50);

    // Servers are always given per question (QueryServerAsync), so one client serves them all;
    // the address it is created with is never asked.
    private readonly LookupClient _client = new(new LookupClientOptions(new NameServer(System.Net.IPAddress.Loopback))
    {
        UseCache = false,
        ThrowDnsErrors = false,
        AutoResolveNameServers = false,
    });

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<IPEndPoint>, NameServer[]> _serverLists = new();
    private readonly Lazy<IReadOnlyList<NameServer>> _systemServers = new(() => NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false).ToList());

    /// <inheritdoc/>
    public async Task<DnsAnswer> QueryAsync(DnsQuery query, CancellationToken cancellationToken)
    {
        IReadOnlyList<NameServer> servers;
        try
        {
            // The resolver passes the same list for every question: convert it once.
            servers = query.Servers.Count > 0
                ? _serverLists.GetValue(query.Servers, list => list.Select(s => new NameServer(s)).ToArray())
                : _systemServers.Value;
        }
        catch (Exception ex)
        {
            return DnsAnswer.Failed(DnsOutcome.NetworkError, null, "the system's DNS servers could not be read: " + ex.Message);
        }

        if (servers.Count == 0)
        {
            return DnsAnswer.Failed(DnsOutcome.NetworkError, null, "no DNS server is configured on this system; give -Server");
        }

        // Servers are asked one at a time, in order, each within the full bound: the next one is
        // asked only when one fails (timeout, SERVFAIL, REFUSED, network), never after NXDOMAIN.
        DnsAnswer? last = null;
        List<string>? failures = null;
        foreach (var server in servers)
        {
            var answer = await QueryOneAsync(server, query, cancellationToken).ConfigureAwait(false);
            if (!answer.IsFailure)
            {
                return answer;
            }

            last = answer;
            (failures ??= new List<string>()).Add(answer.Describe());
        }

        return servers.Count == 1 ? last! : DnsAnswer.Failed(last!.Outcome, last.NameServer, string.Join("; ", failures!));
    }

    /// <summary>How long attempt <paramref name="attempt"/> (from 0) waits, before the bound cuts it.</summary>
    internal static TimeSpan AttemptTimeout(TimeSpan bound, int attempt)
    {
        var first = TimeSpan.FromTicks(bound.Ticks / 10);
        first = first < s_minimumAttempt ? s_minimumAttempt : first > s_maximumFirstAttempt ? s_maximumFirstAttempt : first;
        return TimeSpan.FromTicks(first.Ticks << Math.Min(attempt, 16));
    }

    private async Task<DnsAnswer> QueryOneAsync(NameServer server, DnsQuery query, CancellationToken cancellationToken)
    {
        var serverText = Describe(server);
        var servers = new[] { server };
        var question = new DnsQuestion(query.Name, (QueryType)(int)query.Type);
        var started = DateTime.UtcNow;

        // DnsClient honours its tokens, but the bound must hold whatever a socket does.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var expired = Task.Delay(query.Timeout + s_guard, guard.Token);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var remaining = query.Timeout - (DateTime.UtcNow - started);
                if (remaining < s_lastAttempt)
                {
                    return TimedOut(serverText, query);
                }

                var wait = AttemptTimeout(query.Timeout, attempt);
                if (wait > remaining)
                {
                    wait = remaining;
                }

                var options = new DnsQueryOptions
                {
                    UseCache = false,
                    Recursion = query.Recursion,
                    Retries = 0,
                    Timeout = wait,
                    ThrowDnsErrors = false,
                    UseTcpFallback = true,
                    ContinueOnDnsError = false,
                    ContinueOnEmptyResponse = false,
                    UseRandomNameServer = false,
                    EnableAuditTrail = false,
                };

                // DnsClient ends the attempt after options.Timeout by itself; the guard covers
                // the whole question, so an attempt costs no timer of ours.
                var task = _client.QueryServerAsync(servers, question, options, guard.Token);
                if (await Task.WhenAny(task, expired).ConfigureAwait(false) != task)
                {
                    _ = task.ContinueWith(t => t.Exception, TaskScheduler.Default);
                    cancellationToken.ThrowIfCancellationRequested();
                    return TimedOut(serverText, query);
                }

                try
                {
                    var response = await task.ConfigureAwait(false);
                    return Convert(response);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // This attempt's wait is over: send again.
                }
                catch (DnsResponseException ex) when (ex.Code == DnsResponseCode.ConnectionTimeout)
                {
                    // No answer within this attempt's wait: send again.
                }
                catch (DnsResponseException ex)
                {
                    return DnsAnswer.Failed(DnsOutcome.NetworkError, serverText, $"{ex.Code}: {ex.DnsError} (asking {serverText})");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    return DnsAnswer.Failed(DnsOutcome.NetworkError, serverText, $"{ex.Message} (asking {serverText})");
                }
            }
        }
        finally
        {
            guard.Cancel();
        }
    }

    private static DnsAnswer TimedOut(string serverText, DnsQuery query) =>
        DnsAnswer.Failed(DnsOutcome.Timeout, serverText, $"no answer from {serverText} within {query.Timeout.TotalSeconds:0.#} s");

    private static string Describe(NameServer server) =>
        server.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{server.Address}]:{server.Port}" : $"{server.Address}:{server.Port}";

    private static DnsAnswer Convert(IDnsQueryResponse response)
    {
        var code = response.Header.ResponseCode;
        var outcome = code switch
        {
            DnsHeaderResponseCode.NoError => DnsOutcome.Success,
            DnsHeaderResponseCode.NotExistentDomain => DnsOutcome.NonExistentDomain,
            DnsHeaderResponseCode.ServerFailure => DnsOutcome.ServerFailure,
            DnsHeaderResponseCode.Refused => DnsOutcome.Refused,
            _ => DnsOutcome.BadResponse,
        };

        var server = response.NameServer is null ? null : Describe(response.NameServer);
        var error = outcome == DnsOutcome.BadResponse ? $"response code {code} from {server}" : null;
        return new DnsAnswer(outcome, Records(response.Answers), Records(response.Authorities), server, error);
    }

    private static IReadOnlyList<ATTR35.Dns.DnsRecord> Records(IReadOnlyList<DnsResourceRecord> records)
    {
        if (records.Count == 0)
        {
            return Array.Empty<ATTR35.Dns.DnsRecord>();
        }

        var list = new List<ATTR35.Dns.DnsRecord>(records.Count);
        foreach (var record in records)
        {
            var owner = Name(record.DomainName);
            switch (record)
            {
                case MxRecord mx:
                    list.Add(new ATTR35.Dns.DnsRecord(owner, DnsRecordType.MX, record.TimeToLive, Name(mx.Exchange), mx.Preference));
                    break;
                case ARecord a:
                    list.Add(new ATTR35.Dns.DnsRecord(owner, DnsRecordType.A, record.TimeToLive, a.Address.ToString()));
                    break;
                case AaaaRecord aaaa:
                    list.Add(new ATTR35.Dns.DnsRecord(owner, DnsRecordType.AAAA, record.TimeToLive, aaaa.Address.ToString()));
                    break;
                case CNameRecord cname:
                    list.Add(new ATTR35.Dns.DnsRecord(owner, DnsRecordType.CNAME, record.TimeToLive, Name(cname.CanonicalName)));
                    break;
                case NsRecord ns:
                    list.Add(new ATTR35.Dns.DnsRecord(owner, DnsRecordType.NS, record.TimeToLive, Name(ns.NSDName)));
                    break;
                case SoaRecord soa:
                    // The negative-caching TTL is the lower of the SOA's own TTL and its MINIMUM.
                    list.Add(new ATTR35.Dns.DnsRecord(owner, DnsRecordType.SOA, (int)Math.Min((uint)Math.Max(record.TimeToLive, 0), soa.Minimum), Name(soa.MName)));
                    break;
            }
        }

        return list;
    }

    private static string Name(DnsString name)
    {
        // Original is the wire (ASCII) form; Value is decoded to Unicode for IDN labels.
        var value = name.Original ?? name.Value ?? string.Empty;
        return value == "." ? string.Empty : value.TrimEnd('.').ToLowerInvariant();
    }
}
