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
internal sealed class DnsClientTransport : IDnsTransport
{
    // A lost UDP datagram should cost a short wait, not the whole timeout. Each question is sent
    // again when the server's measured round trips say an answer is overdue (RoundTripEstimate,
    // RFC 6298: at least 100 ms), and never later than the fixed schedule used before anything is
    // measured: a tenth of the bound (at least 200 ms, at most 1 s; 500 ms for the default 5 s).
    // Each later copy waits twice as long as the one before, as stub resolvers do. Sending again
    // is harmless (the server answers the same question twice); waiting is what costs: at high
    // concurrency a full server socket drops datagrams. No copy is given up when the next one
    // goes out: each waits for the rest of the bound, so a server that answers slowly, but
    // within the bound, is still heard, and its slow answers then raise its estimate.
    private static readonly TimeSpan s_minimumAttempt = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_maximumFirstAttempt = TimeSpan.FromSeconds(1);

    // What a copy says when a datagram with another message ID reached its socket. Mostly it is a
    // late answer to an earlier question whose socket is closed and whose port the system has
    // since given to this copy (at hundreds of questions in flight, and with retransmissions,
    // that happens every few thousand questions); DnsClient then gives up on the copy. It is a
    // lost copy, not a verdict on the server: the schedule goes on, and only a server that sends
    // nothing else until the bound ends with this message.
    private const string StrayResponse = " sent a response with another transaction id (a late, stray or forged packet)";

    // Less than this left of the bound is not worth another datagram.
    private static readonly TimeSpan s_lastAttempt = TimeSpan.FromMilliseconds(50);

    // Estimates are kept for this many servers at most (-Authoritative asks each name server of
    // every domain directly); past it they are forgotten and measured again.
    private const int MaxEstimates = 4096;

    // Servers are always given per question (QueryServerAsync), so one client serves them all;
    // the address it is created with is never asked.
    private readonly LookupClient _client = new(new LookupClientOptions(new NameServer(System.Net.IPAddress.Loopback))
    {
        UseCache = false,
        ThrowDnsErrors = false,
        AutoResolveNameServers = false,
    });

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<IPEndPoint>, Target[]> _serverLists = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RoundTripEstimate> _estimates = new(StringComparer.Ordinal);
    private readonly Lazy<Target[]> _systemServers;

    /// <summary>Creates the transport; the system's DNS servers are read at the first question that needs them.</summary>
    public DnsClientTransport()
    {
        _systemServers = new(() => NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false).Select(ToTarget).ToArray());
    }

    /// <inheritdoc/>
    public Task<DnsAnswer> QueryAsync(DnsQuery query, CancellationToken cancellationToken)
    {
        Target[] servers;
        try
        {
            // The resolver passes the same list for every question: convert it once.
            servers = query.Servers.Count > 0
                ? _serverLists.GetValue(query.Servers, list => list.Select(s => ToTarget(new NameServer(s))).ToArray())
                : _systemServers.Value;
        }
        catch (Exception ex)
        {
            return Task.FromResult(DnsAnswer.Failed(DnsOutcome.NetworkError, null, "the system's DNS servers could not be read: " + ex.Message));
        }

        if (servers.Length == 0)
        {
            return Task.FromResult(DnsAnswer.Failed(DnsOutcome.NetworkError, null, "no DNS server is configured on this system; give -Server"));
        }

        return AskAsync(servers, query, cancellationToken);
    }

    /// <summary>How long attempt <paramref name="attempt"/> (from 0) waits at most before the next copy: the fixed schedule.</summary>
    internal static TimeSpan AttemptTimeout(TimeSpan bound, int attempt)
    {
        var first = TimeSpan.FromTicks(bound.Ticks / 10);
        first = first < s_minimumAttempt ? s_minimumAttempt : first > s_maximumFirstAttempt ? s_maximumFirstAttempt : first;
        return TimeSpan.FromTicks(first.Ticks << Math.Min(attempt, 16));
    }

    /// <summary>The round-trip estimate kept for a server (<c>address:port</c>), for tests.</summary>
    internal RoundTripEstimate? EstimateOf(string server) => _estimates.TryGetValue(server, out var estimate) ? estimate : null;

    private Target ToTarget(NameServer server)
    {
        var text = Describe(server);
        if (!_estimates.TryGetValue(text, out var estimate))
        {
            if (_estimates.Count >= MaxEstimates)
            {
                _estimates.Clear();
            }

            estimate = _estimates.GetOrAdd(text, _ => new RoundTripEstimate());
        }

        return new Target(new[] { server }, text, estimate);
    }

    // Servers are asked in order. The first gets the question at once; each next one when the one
    // before has failed (SERVFAIL, REFUSED, an unusable answer, the end of its bound) or has let
    // its first retransmission interval pass without an answer, so a silent server costs that
    // interval, not the whole bound. Every server asked keeps its copies and its own schedule
    // until its bound: whichever answers first is the answer (NXDOMAIN included: it ends the
    // search), and a late answer to an earlier copy counts as much as one to the latest.
    private async Task<DnsAnswer> AskAsync(Target[] servers, DnsQuery query, CancellationToken cancellationToken)
    {
        var question = new DnsQuestion(query.Name, (QueryType)(int)query.Type);
        var timeout = query.Timeout;
        var turns = new Turn[servers.Length];
        var started = 0;
        var copies = new List<Copy>(2);
        var waitFor = new List<Task>(3);
        var watch = Stopwatch.StartNew();

        // DnsClient honours its tokens, but the bound must hold whatever a socket does: every
        // wait here is on this method's own clock, and whatever is still out is cancelled at the end.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            turns[0] = new Turn(servers[0], TimeSpan.Zero, timeout);
            started = 1;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var now = watch.Elapsed;
                var wake = TimeSpan.MaxValue;

                foreach (var turn in turns)
                {
                    if (turn is { Done: false } && now >= turn.Deadline)
                    {
                        turn.Finish(turn.Failure ?? TimedOut(turn.Target.Text, query));
                    }
                }

                while (started < servers.Length)
                {
                    var last = turns[started - 1];
                    var due = last.Done ? now : last.Started + last.FirstInterval;
                    if (due > now)
                    {
                        wake = Min(wake, due);
                        break;
                    }

                    // The next server's first copy takes the place of this one's retransmission,
                    // as stub resolvers rotate: one datagram per interval, not two.
                    if (!last.Done && last.NextSend <= due)
                    {
                        last.Skip();
                    }

                    turns[started] = new Turn(servers[started], now, timeout);
                    started++;
                }

                var asking = false;
                for (var i = 0; i < started; i++)
                {
                    var turn = turns[i];
                    if (turn.Done)
                    {
                        continue;
                    }

                    if (now >= turn.NextSend && turn.Deadline - now >= s_lastAttempt)
                    {
                        copies.Add(new Copy(AttemptAsync(turn.Target, question, query, turn.Deadline - now, guard.Token), turn, now));
                        turn.Sent();
                    }

                    if (turn.InFlight == 0 && turn.NextSend > turn.Deadline - s_lastAttempt)
                    {
                        turn.Finish(turn.Failure ?? TimedOut(turn.Target.Text, query));
                        continue;
                    }

                    asking = true;
                    wake = Min(wake, turn.Deadline);
                    if (turn.NextSend <= turn.Deadline - s_lastAttempt)
                    {
                        wake = Min(wake, turn.NextSend);
                    }
                }

                if (!asking)
                {
                    if (started < servers.Length)
                    {
                        // The last server asked is done: the next one goes at once.
                        continue;
                    }

                    return Failure(turns, query);
                }

                waitFor.Clear();
                foreach (var copy in copies)
                {
                    waitFor.Add(copy.Task);
                }

                var sleep = wake - now;
                var timer = Task.Delay(sleep > TimeSpan.Zero ? sleep : TimeSpan.Zero, guard.Token);
                waitFor.Add(timer);
                if (await Task.WhenAny(waitFor).ConfigureAwait(false) == timer)
                {
                    continue;
                }

                var answeredAt = watch.Elapsed;
                for (var i = copies.Count - 1; i >= 0; i--)
                {
                    var copy = copies[i];
                    if (!copy.Task.IsCompleted)
                    {
                        continue;
                    }

                    copies.RemoveAt(i);
                    var turn = copy.Turn;
                    turn.InFlight--;
                    var answer = await copy.Task.ConfigureAwait(false);
                    if (turn.Done)
                    {
                        continue;
                    }

                    if (answer.Outcome is DnsOutcome.Timeout or DnsOutcome.NetworkError)
                    {
                        // No answer from this copy; the others may still bring one. A copy that
                        // failed outright (a refused port, a broken packet) is not sent again
                        // before its turn, and ends the server's turn when it was the last one out.
                        turn.Failure = answer.Outcome == DnsOutcome.NetworkError || turn.Failure is null ? answer : turn.Failure;
                        var stray = answer.Error is { } error && error.EndsWith(StrayResponse, StringComparison.Ordinal);
                        if (turn.InFlight == 0 && answer.Outcome == DnsOutcome.NetworkError && !stray)
                        {
                            turn.Finish(answer);
                        }

                        continue;
                    }

                    // A DNS response of any kind is a round trip; its copy is known exactly.
                    turn.Target.Estimate.Add(answeredAt - copy.SentAt);
                    if (!answer.IsFailure)
                    {
                        return answer;
                    }

                    turn.Finish(answer);
                }
            }
        }
        finally
        {
            guard.Cancel();
            foreach (var copy in copies)
            {
                _ = copy.Task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }

    private static DnsAnswer Failure(Turn[] turns, DnsQuery query)
    {
        if (turns.Length == 1)
        {
            return turns[0].Failure ?? TimedOut(turns[0].Target.Text, query);
        }

        var last = turns[turns.Length - 1].Failure!;
        return DnsAnswer.Failed(last.Outcome, last.NameServer, string.Join("; ", turns.Select(t => t.Failure!.Describe())));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // One copy of the question (over TCP too when the UDP answer is truncated), waiting up to
    // the rest of the bound. Never throws: a cancelled copy is a timeout the caller judges.
    private async Task<DnsAnswer> AttemptAsync(Target target, DnsQuestion question, DnsQuery query, TimeSpan timeLeft, CancellationToken token)
    {
        var serverText = target.Text;
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
            var response = await _client.QueryServerAsync(target.Servers, question, options, token).ConfigureAwait(false);
            return Convert(response, query);
        }
        catch (OperationCanceledException)
        {
            return TimedOut(serverText, query);
        }
        catch (DnsXidMismatchException)
        {
            return DnsAnswer.Failed(DnsOutcome.NetworkError, serverText, serverText + StrayResponse);
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

    /// <summary>A server as every question uses it: its DnsClient form, its name in messages, its estimate.</summary>
    private sealed class Target
    {
        public Target(NameServer[] servers, string text, RoundTripEstimate estimate)
        {
            Servers = servers;
            Text = text;
            Estimate = estimate;
        }

        public NameServer[] Servers { get; }
        public string Text { get; }
        public RoundTripEstimate Estimate { get; }
    }

    /// <summary>One server's part in one question: when it was first asked, its copies, how it ended.</summary>
    private sealed class Turn
    {
        private int _sent;

        public Turn(Target target, TimeSpan started, TimeSpan timeout)
        {
            Target = target;
            Started = started;
            Deadline = started + timeout;
            FirstInterval = target.Estimate.FirstInterval(AttemptTimeout(timeout, 0));
            NextSend = started;
        }

        public Target Target { get; }
        public TimeSpan Started { get; }
        public TimeSpan Deadline { get; }
        public TimeSpan FirstInterval { get; }
        public TimeSpan NextSend { get; private set; }
        public int InFlight { get; set; }
        public bool Done { get; private set; }
        public DnsAnswer? Failure { get; set; }

        public void Sent()
        {
            InFlight++;
            Skip();
        }

        public void Skip() => NextSend += TimeSpan.FromTicks(FirstInterval.Ticks << Math.Min(_sent++, 16));

        public void Finish(DnsAnswer failure)
        {
            Done = true;
            Failure = failure;
        }
    }

    private readonly struct Copy
    {
        public Copy(Task<DnsAnswer> task, Turn turn, TimeSpan sentAt)
        {
            Task = task;
            Turn = turn;
            SentAt = sentAt;
        }

        public Task<DnsAnswer> Task { get; }
        public Turn Turn { get; }
        public TimeSpan SentAt { get; }
    }
}
