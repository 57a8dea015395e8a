using System;
using System.Collections.Concurrent;
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
    // A lost UDP datagram should cost a short wait, not the whole timeout: the first try gets a
    // third of the bound and two retries follow, so a question is sent up to three times.
    private const int Retries = 2;
    private static readonly TimeSpan s_minimumAttempt = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, LookupClient> _clients = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyList<NameServer>> _systemServers = new(() => NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false).ToList());

    /// <inheritdoc/>
    public async Task<DnsAnswer> QueryAsync(DnsQuery query, CancellationToken cancellationToken)
    {
        IReadOnlyList<NameServer> servers;
        try
        {
            servers = query.Servers.Count > 0 ? query.Servers.Select(s => new NameServer(s)).ToList() : _systemServers.Value;
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
        var failures = new List<string>();
        foreach (var server in servers)
        {
            var answer = await QueryOneAsync(server, query, cancellationToken).ConfigureAwait(false);
            if (!answer.IsFailure)
            {
                return answer;
            }

            last = answer;
            failures.Add(answer.Describe());
        }

        return servers.Count == 1 ? last! : DnsAnswer.Failed(last!.Outcome, last.NameServer, string.Join("; ", failures));
    }

    private async Task<DnsAnswer> QueryOneAsync(NameServer server, DnsQuery query, CancellationToken cancellationToken)
    {
        var attempt = TimeSpan.FromTicks(query.Timeout.Ticks / (Retries + 1));
        if (attempt < s_minimumAttempt)
        {
            attempt = s_minimumAttempt;
        }

        var options = new DnsQueryOptions
        {
            UseCache = false,
            Recursion = query.Recursion,
            Retries = Retries,
            Timeout = attempt,
            ThrowDnsErrors = false,
            UseTcpFallback = true,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            UseRandomNameServer = false,
            EnableAuditTrail = false,
        };

        var serverText = Describe(server);
        var timedOut = DnsAnswer.Failed(DnsOutcome.Timeout, serverText, $"no answer from {serverText} within {query.Timeout.TotalSeconds:0.#} s");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(query.Timeout);
        var servers = new[] { server };
        var task = GetClient(servers).QueryServerAsync(servers, new DnsQuestion(query.Name, (QueryType)(int)query.Type), options, deadline.Token);

        // DnsClient honours the token, but the bound must hold whatever a socket does.
        var finished = await Task.WhenAny(task, Task.Delay(query.Timeout + TimeSpan.FromMilliseconds(250), cancellationToken)).ConfigureAwait(false);
        if (finished != task)
        {
            _ = task.ContinueWith(t => t.Exception, TaskScheduler.Default);
            cancellationToken.ThrowIfCancellationRequested();
            return timedOut;
        }

        try
        {
            var response = await task.ConfigureAwait(false);
            return Convert(response);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return timedOut;
        }
        catch (DnsResponseException ex)
        {
            return ex.Code == DnsResponseCode.ConnectionTimeout
                ? timedOut
                : DnsAnswer.Failed(DnsOutcome.NetworkError, serverText, $"{ex.Code}: {ex.DnsError} (asking {serverText})");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return DnsAnswer.Failed(DnsOutcome.NetworkError, serverText, $"{ex.Message} (asking {serverText})");
        }
    }

    private LookupClient GetClient(IReadOnlyList<NameServer> servers)
    {
        var key = string.Join(",", servers.Select(Describe));
        return _clients.GetOrAdd(key, _ => new LookupClient(new LookupClientOptions(servers.ToArray())
        {
            UseCache = false,
            ThrowDnsErrors = false,
            AutoResolveNameServers = false,
        }));
    }

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
