using System;
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
    // A lost UDP datagram should cost a short wait, not the whole timeout. Each question is sent
    // again after a tenth of the bound (at least 200 ms, at most 1 s; 500 ms for the default 5 s),
    // then after twice that, and so on until the bound, as stub resolvers do. Sending again is
    // harmless (the server answers the same question twice); waiting is what costs: at high
    // concurrency a full server socket drops datagrams, and every loss used to cost a third of
    // the bound. No copy is given up when the next one goes out: each waits for the rest of the
    // bound, so a server that answers slowly, but within the bound, is still heard.
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
        var watch = Stopwatch.StartNew();

        // DnsClient honours its tokens, but the bound must hold whatever a socket does.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var expired = Task.Delay(query.Timeout + s_guard, guard.Token);
        var inFlight = new List<Task<DnsAnswer>>();
        var attempt = 0;
        var nextSend = TimeSpan.Zero;
        DnsAnswer? lastFailure = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var remaining = query.Timeout - watch.Elapsed;
                if (watch.Elapsed >= nextSend && remaining >= s_lastAttempt)
                {
                    inFlight.Add(AttemptAsync(servers, serverText, question, query, remaining, guard.Token));
                    nextSend += AttemptTimeout(query.Timeout, attempt++);
                }

                if (inFlight.Count == 0)
                {
                    return lastFailure ?? TimedOut(serverText, query);
                }

                var waitFor = new List<Task>(inFlight) { expired };
                Task? resend = null;
                if (nextSend <= query.Timeout - s_lastAttempt)
                {
                    var wait = nextSend - watch.Elapsed;
                    resend = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, guard.Token);
                    waitFor.Add(resend);
                }

                var finished = await Task.WhenAny(waitFor).ConfigureAwait(false);
                if (finished == expired)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return lastFailure ?? TimedOut(serverText, query);
                }

                if (finished == resend)
                {
                    continue;
                }

                var done = (Task<DnsAnswer>)finished;
                inFlight.Remove(done);
                var answer = await done.ConfigureAwait(false);
                if (answer.Outcome is not (DnsOutcome.Timeout or DnsOutcome.NetworkError))
                {
                    return answer;
                }

                // No answer from this copy; the others may still bring one. A copy that failed
                // outright (a refused port, a broken packet) is not sent again before its turn.
                lastFailure = answer.Outcome == DnsOutcome.NetworkError || lastFailure is null ? answer : lastFailure;
                if (inFlight.Count == 0 && answer.Outcome == DnsOutcome.NetworkError)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return answer;
                }
            }
        }
        finally
        {
            guard.Cancel();
            foreach (var task in inFlight)
            {
                _ = task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }

    // One copy of the question (over TCP too when the UDP answer is truncated), waiting up to
    // the rest of the bound. Never throws: a cancelled copy is a timeout the caller judges.
    private async Task<DnsAnswer> AttemptAsync(NameServer[] servers, string serverText, DnsQuestion question, DnsQuery query, TimeSpan timeLeft, CancellationToken token)
    {
        var options = new DnsQueryOptions
        {
            UseCache = false,
            Recursion = query.Recursion,
            Retries = 0,
            Timeout = timeLeft > s_lastAttempt ? timeLeft : s_lastAttempt,
            ThrowDnsErrors = false,
            UseTcpFallback = true,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            UseRandomNameServer = false,
            EnableAuditTrail = false,
        };

        var watch = Stopwatch.StartNew();
        try
        {
            var response = await _client.QueryServerAsync(servers, question, options, token).ConfigureAwait(false);
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
        catch (DnsResponseException ex) when (ex.Code == DnsResponseCode.ConnectionTimeout && watch.Elapsed >= options.Timeout - s_minimumAttempt)
        {
            return TimedOut(serverText, query);
        }
        catch (DnsResponseException ex) when (ex.Code == DnsResponseCode.ConnectionTimeout)
        {
            // DnsClient says "timeout" for a connection that ended early too (a truncated UDP
            // answer whose TCP retry was closed): "no answer within 5 s" would mislead.
            return DnsAnswer.Failed(DnsOutcome.NetworkError, serverText, $"{serverText} ended the exchange without a usable answer after {watch.Elapsed.TotalSeconds:0.#} s ({FirstLine(ex.InnerException?.Message ?? ex.Message)})");
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

    private static DnsAnswer TimedOut(string serverText, DnsQuery query) =>
        DnsAnswer.Failed(DnsOutcome.Timeout, serverText, $"no answer from {serverText} within {query.Timeout.TotalSeconds:0.#} s");

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
        var responseQuestion = response.Questions.FirstOrDefault();
        if (responseQuestion is not null && !DnsAnswerCheck.IsSameQuestion(query, Name(responseQuestion.QueryName), (DnsRecordType)(int)responseQuestion.QuestionType))
        {
            return DnsAnswerCheck.OtherQuestion(query, server, Name(responseQuestion.QueryName), responseQuestion.QuestionType.ToString());
        }

        var error = outcome == DnsOutcome.BadResponse ? $"response code {code} from {server}" : null;
        return DnsAnswerCheck.RequireOwner(query, new DnsAnswer(outcome, Records(response.Answers), Records(response.Authorities), server, error));
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
