using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
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
    // A lost UDP datagram should cost a short wait, not the whole timeout: a question is sent up to
    // three times, a third of the bound apart (see QueryOneAsync).
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

    // One server, asked until it answers or the bound passes. A new attempt starts every third of
    // the bound while none has answered (a lost UDP datagram costs a third, not the whole bound),
    // but no attempt is abandoned for it: each may use all the time left, so a server that answers
    // slowly, yet within the bound, is heard. The first response wins; timeouts and network errors
    // only wait for the other attempts.
    private async Task<DnsAnswer> QueryOneAsync(NameServer server, DnsQuery query, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromTicks(query.Timeout.Ticks / (Retries + 1));
        if (interval < s_minimumAttempt)
        {
            interval = s_minimumAttempt;
        }

        var serverText = Describe(server);
        var watch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(query.Timeout);

        // DnsClient honours the token, but the bound must hold whatever a socket does.
        var hardStop = Task.Delay(query.Timeout + TimeSpan.FromMilliseconds(250), cancellationToken);
        var inFlight = new List<Task<DnsAnswer>>();
        var started = 0;
        var nextStart = interval;
        DnsAnswer? lastFailure = null;

        void Start()
        {
            started++;
            inFlight.Add(AttemptAsync(server, serverText, query, query.Timeout - watch.Elapsed, deadline.Token));
        }

        Start();
        try
        {
            while (true)
            {
                var waitFor = new List<Task>(inFlight) { hardStop };
                Task? timer = null;
                if (started <= Retries && !deadline.IsCancellationRequested)
                {
                    var wait = nextStart - watch.Elapsed;
                    timer = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, deadline.Token);
                    waitFor.Add(timer);
                }

                var finished = await Task.WhenAny(waitFor).ConfigureAwait(false);
                if (finished == hardStop)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return lastFailure ?? TimedOut(serverText, query);
                }

                if (finished == timer)
                {
                    if (!timer.IsCanceled)
                    {
                        Start();
                        nextStart += interval;
                    }

                    continue;
                }

                var attempt = (Task<DnsAnswer>)finished;
                inFlight.Remove(attempt);
                var answer = await attempt.ConfigureAwait(false);
                if (!IsNoResponse(answer))
                {
                    return answer;
                }

                lastFailure = answer;
                if (inFlight.Count == 0)
                {
                    // The attempt failed before its time was up (a refused port, a bad packet):
                    // the next one need not wait for its turn.
                    if (started <= Retries && !deadline.IsCancellationRequested)
                    {
                        Start();
                        nextStart = watch.Elapsed + interval;
                        continue;
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    return lastFailure;
                }
            }
        }
        finally
        {
            deadline.Cancel();
            foreach (var task in inFlight)
            {
                _ = task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }

    private static bool IsNoResponse(DnsAnswer answer) => answer.Outcome is DnsOutcome.Timeout or DnsOutcome.NetworkError;

    private static DnsAnswer TimedOut(string serverText, DnsQuery query) =>
        DnsAnswer.Failed(DnsOutcome.Timeout, serverText, $"no answer from {serverText} within {query.Timeout.TotalSeconds:0.#} s");

    // One question sent once (over TCP too when the UDP answer is truncated); never throws but
    // for the caller's cancellation, which the caller handles.
    private async Task<DnsAnswer> AttemptAsync(NameServer server, string serverText, DnsQuery query, TimeSpan timeLeft, CancellationToken token)
    {
        var options = new DnsQueryOptions
        {
            UseCache = false,
            Recursion = query.Recursion,
            Retries = 0,
            Timeout = timeLeft > s_minimumAttempt ? timeLeft : s_minimumAttempt,
            ThrowDnsErrors = false,
            UseTcpFallback = true,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            UseRandomNameServer = false,
            EnableAuditTrail = false,
        };

        var servers = new[] { server };
        var started = Stopwatch.StartNew();
        try
        {
            var response = await GetClient(servers).QueryServerAsync(servers, new DnsQuestion(query.Name, (QueryType)(int)query.Type), options, token).ConfigureAwait(false);
            return Convert(response, query);
        }
        catch (OperationCanceledException)
        {
            return TimedOut(serverText, query);
        }
        catch (DnsXidMismatchException)
        {
            return DnsAnswer.Failed(DnsOutcome.NetworkError, serverText, $"{serverText} sent a response with another transaction id (a late, stray or forged packet)");
        }
        catch (DnsResponseException ex) when (ex.Code == DnsResponseCode.ConnectionTimeout && started.Elapsed >= options.Timeout - s_minimumAttempt)
        {
            return TimedOut(serverText, query);
        }
        catch (DnsResponseException ex) when (ex.Code == DnsResponseCode.ConnectionTimeout)
        {
            // DnsClient says "timeout" for a connection that ended early too (a truncated UDP
            // answer whose TCP retry was closed): saying "no answer within 5 s" would mislead.
            return DnsAnswer.Failed(DnsOutcome.NetworkError, serverText, $"{serverText} ended the exchange without a usable answer after {started.Elapsed.TotalSeconds:0.#} s ({FirstLine(ex.InnerException?.Message ?? ex.Message)})");
        }
        catch (DnsResponseException ex)
        {
            return DnsAnswer.Failed(DnsOutcome.NetworkError, serverText, $"{FirstLine(ex.DnsError)} ({FirstLine(ex.Message)}, asking {serverText})");
        }
        catch (Exception ex)
        {
            // Parser errors, socket errors: one line each, without the packet dump DnsClient appends.
            return DnsAnswer.Failed(DnsOutcome.NetworkError, serverText, $"an unusable response or connection from {serverText}: {FirstLine(ex.Message)}");
        }
    }

    private static string FirstLine(string? text)
    {
        var value = (text ?? string.Empty).Trim();
        var end = value.IndexOfAny(new[] { '\r', '\n' });
        return (end < 0 ? value : value.Substring(0, end)).TrimEnd('.', ' ');
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

    private static DnsAnswer Convert(IDnsQueryResponse response, DnsQuery query)
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
        var question = response.Questions.FirstOrDefault();
        if (question is not null && !DnsAnswerCheck.IsSameQuestion(query, Name(question.QueryName), (DnsRecordType)(int)question.QuestionType))
        {
            return DnsAnswerCheck.OtherQuestion(query, server, Name(question.QueryName), question.QuestionType.ToString());
        }

        var error = outcome == DnsOutcome.BadResponse ? $"response code {code} from {server}" : null;
        return DnsAnswerCheck.RequireOwner(query, new DnsAnswer(outcome, Records(response.Answers), Records(response.Authorities), server, error));
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
        return value == "." ? string.Empty : Presentable(value.TrimEnd('.').ToLowerInvariant());
    }

    // A label may hold any byte, and DnsClient passes them on as characters. A name from a
    // server must never carry a control character into a result, a message or the next
    // question, so anything but printable ASCII is written as RFC 1035's \DDD.
    private static string Presentable(string name)
    {
        var plain = true;
        foreach (var c in name)
        {
            plain &= c > ' ' && c < '\u007f' && c != '\\';
        }

        if (plain)
        {
            return name;
        }

        var text = new System.Text.StringBuilder(name.Length + 16);
        foreach (var c in name)
        {
            if (c > ' ' && c < '\u007f' && c != '\\')
            {
                text.Append(c);
            }
            else
            {
                text.Append('\\').Append(((int)c).ToString("000", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
