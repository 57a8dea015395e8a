using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Base;

namespace ATTR35.Dns;

/// <summary>
/// The DNS questions the checks ask, over an <see cref="IDnsTransport"/>. One instance serves one
/// cmdlet invocation: it remembers answers for their TTL, so a question shared by many pipeline
/// items (an MX target used by many domains) is sent once, even while the first ask is in flight.
/// </summary>
/// <remarks>
/// The cache is bounded: past <see cref="CacheCapacity"/> entries a sweep drops every finished
/// entry whose TTL has passed and every one not used since the previous sweep (a second chance,
/// so targets shared by many domains stay while each domain's own MX answer goes). Questions in
/// flight are never dropped. An invocation over 100,000 domains keeps no more in memory than one
/// over 10,000.
/// </remarks>
internal sealed class DnsResolver
{
    /// <summary>The number of cached questions above which finished entries are swept.</summary>
    public const int DefaultCacheCapacity = 16384;

    private const int MaxAliasHops = 8;
    private static readonly TimeSpan s_negativeTtlCap = TimeSpan.FromSeconds(300);

    private readonly IDnsTransport _transport;
    private readonly IReadOnlyList<IPEndPoint> _servers;
    private readonly string _serversKey;
    private readonly TimeSpan _timeout;
    private readonly Action<string>? _log;
    private readonly CancellationToken _lifetime;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<(string Name, DnsRecordType Type, string Servers, bool Recursion), CacheEntry> _cache = new();
    private readonly object _sweeping = new();
    private int _sweepAt;
    private int _count;
    private int _questionsSent;

    /// <summary>Creates a resolver asking <paramref name="servers"/> (empty: the system's resolvers).</summary>
    /// <param name="transport">Sends the questions.</param>
    /// <param name="servers">The servers to ask, in order; empty for the system's resolvers.</param>
    /// <param name="timeout">The bound on each question.</param>
    /// <param name="log">Told every question and answer, for -Verbose.</param>
    /// <param name="lifetime">Cancelled when the invocation stops: every question still on the
    /// network is abandoned then. A caller's own token only stops that caller waiting.</param>
    /// <param name="cacheCapacity">Entries kept before finished ones are swept.</param>
    public DnsResolver(IDnsTransport transport, IReadOnlyList<IPEndPoint> servers, TimeSpan timeout, Action<string>? log = null,
        CancellationToken lifetime = default, int cacheCapacity = DefaultCacheCapacity)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _servers = servers ?? Array.Empty<IPEndPoint>();
        _serversKey = ServersKey(_servers);
        _timeout = timeout;
        _log = log;
        _lifetime = lifetime;
        _capacity = Math.Max(16, cacheCapacity);
        _sweepAt = _capacity;
    }

    /// <summary>The servers asked; empty means the system's resolvers.</summary>
    public IReadOnlyList<IPEndPoint> Servers => _servers;

    /// <summary>The port authoritative servers are asked on: the first <c>-Server</c>'s, else 53.</summary>
    public int AuthoritativePort => _servers.Count > 0 ? _servers[0].Port : 53;

    /// <summary>How many questions actually went to the network (cache misses).</summary>
    public int QuestionsSent => Volatile.Read(ref _questionsSent);

    /// <summary>How many questions the cache holds now.</summary>
    public int CachedQuestions => Volatile.Read(ref _count);

    /// <summary>The entries kept before finished ones are swept.</summary>
    public int CacheCapacity => _capacity;

    /// <summary>Asks the configured servers, answering from this invocation's cache when it can.</summary>
    public Task<DnsAnswer> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken) =>
        Query(name, type, _servers, _serversKey, recursion: true, cancellationToken);

    /// <summary>Asks the given servers directly.</summary>
    public Task<DnsAnswer> QueryAsync(string name, DnsRecordType type, IReadOnlyList<IPEndPoint> servers, bool recursion, CancellationToken cancellationToken) =>
        Query(name, type, servers, ReferenceEquals(servers, _servers) ? _serversKey : ServersKey(servers), recursion, cancellationToken);

    private Task<DnsAnswer> Query(string name, DnsRecordType type, IReadOnlyList<IPEndPoint> servers, string serversKey, bool recursion, CancellationToken cancellationToken)
    {
        var key = (name.ToLowerInvariant(), type, serversKey, recursion);
        var now = DateTime.UtcNow;
        CacheEntry? entry;
        while (!_cache.TryGetValue(key, out entry))
        {
            var created = new CacheEntry();
            if (_cache.TryAdd(key, created))
            {
                entry = created;

                // Counted here, not with ConcurrentDictionary.Count, which takes every lock.
                if (Interlocked.Increment(ref _count) > Volatile.Read(ref _sweepAt))
                {
                    Sweep(now);
                }

                break;
            }
        }

        Task<DnsAnswer> task;
        lock (entry)
        {
            entry.Used = true;
            if (entry.Task is null || (entry.Task.IsCompleted && entry.Expires <= now))
            {
                entry.Task = SendAsync(new DnsQuery(key.Item1, type, servers, _timeout, recursion), entry);
            }

            task = entry.Task;
        }

        return WithCancellation(task, cancellationToken);
    }

    private void Sweep(DateTime now)
    {
        // One sweeper at a time; the others go on with the cache as it is.
        if (!Monitor.TryEnter(_sweeping))
        {
            return;
        }

        try
        {
            foreach (var pair in _cache)
            {
                var entry = pair.Value;
                lock (entry)
                {
                    var finished = entry.Task is { IsCompleted: true };
                    if (finished && (entry.Expires <= now || !entry.Used) && _cache.TryRemove(pair.Key, out _))
                    {
                        Interlocked.Decrement(ref _count);
                    }

                    entry.Used = false;
                }
            }

            // When everything is in use, the next sweep waits for a quarter more entries, so
            // sweeping costs O(1) per question however the cache is used.
            Volatile.Write(ref _sweepAt, Math.Max(_capacity, Volatile.Read(ref _count) + _capacity / 4));
        }
        finally
        {
            Monitor.Exit(_sweeping);
        }
    }

    private static string ServersKey(IReadOnlyList<IPEndPoint> servers) =>
        servers.Count == 0 ? string.Empty : string.Join(",", servers.Select(s => s.ToString()));

    private async Task<DnsAnswer> SendAsync(DnsQuery query, CacheEntry entry)
    {
        Interlocked.Increment(ref _questionsSent);
        _log?.Invoke($"DNS: {query.Type} {query.Name} ?");
        DnsAnswer answer;
        try
        {
            // The shared question must not die with the first caller's token; each caller waits
            // with its own token instead (WithCancellation). It lives as long as the invocation.
            answer = await _transport.QueryAsync(query, _lifetime).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            answer = DnsAnswer.Failed(DnsOutcome.Timeout, null, "stopped before an answer came");
        }
        catch (Exception ex)
        {
            answer = DnsAnswer.Failed(DnsOutcome.NetworkError, null, ex.Message);
        }

        _log?.Invoke($"DNS: {query.Type} {query.Name}: {Summarize(answer)}");
        entry.Expires = DateTime.UtcNow + TimeToKeep(answer);
        return answer;
    }

    private static TimeSpan TimeToKeep(DnsAnswer answer)
    {
        if (answer.IsFailure)
        {
            // A failure is not remembered: the next item asks again.
            return TimeSpan.Zero;
        }

        if (answer.Answers.Count > 0)
        {
            return TimeSpan.FromSeconds(answer.Answers.Min(r => r.Ttl));
        }

        var soa = answer.Authorities.FirstOrDefault(r => r.Type == DnsRecordType.SOA);
        var negative = soa is null ? TimeSpan.Zero : TimeSpan.FromSeconds(soa.Ttl);
        return negative < s_negativeTtlCap ? negative : s_negativeTtlCap;
    }

    private static string Summarize(DnsAnswer answer)
    {
        if (answer.Outcome != DnsOutcome.Success)
        {
            return answer.Describe();
        }

        if (answer.Answers.Count == 0)
        {
            return "no records (NODATA)" + (answer.NameServer is null ? string.Empty : " from " + answer.NameServer);
        }

        return string.Join(", ", answer.Answers.Select(r => r.Type == DnsRecordType.MX ? $"{r.Type} {r.Preference} {r.Data}" : $"{r.Type} {r.Data}"))
            + (answer.NameServer is null ? string.Empty : " from " + answer.NameServer);
    }

    private async Task<DnsAnswer> WithCancellation(Task<DnsAnswer> task, CancellationToken cancellationToken)
    {
        if (task.IsCompleted || !cancellationToken.CanBeCanceled)
        {
            return await task.ConfigureAwait(false);
        }

        if (cancellationToken == _lifetime)
        {
            // The checks wait with the invocation's own token, and the shared question already
            // ends the moment it is cancelled: no registration, race or extra task per question
            // (measured: the most frequent allocation of a check after the answer itself).
            var answer = await task.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return answer;
        }

        var cancelled = new TaskCompletionSource<bool>();
        using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        return await task.ConfigureAwait(false);
    }

    /// <summary>
    /// The A and AAAA addresses of a host, following CNAMEs (each hop asked again when the server
    /// did not include the target's records), detecting loops and answers for other names.
    /// </summary>
    public async Task<AddressLookup> ResolveAddressesAsync(string host, CancellationToken cancellationToken)
    {
        if (!DomainNameValidator.IsAnswerName(host))
        {
            return new AddressLookup(host, AddressLookupOutcome.InvalidName, Array.Empty<string>(), Array.Empty<string>(),
                $"{host} is not a host name: it holds characters no host name has", null);
        }

        var v4 = FollowAsync(host, DnsRecordType.A, cancellationToken);
        var v6 = FollowAsync(host, DnsRecordType.AAAA, cancellationToken);
        var a = await v4.ConfigureAwait(false);
        var aaaa = await v6.ConfigureAwait(false);

        var addresses = a.Addresses.Concat(aaaa.Addresses).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var chain = a.Chain.Count >= aaaa.Chain.Count ? a.Chain : aaaa.Chain;
        if (addresses.Length > 0)
        {
            return new AddressLookup(host, AddressLookupOutcome.Resolved, addresses, chain, null, a.NameServer ?? aaaa.NameServer);
        }

        // No address at all: a failure on either question means we cannot say the host has none.
        var failed = a.Failure ?? aaaa.Failure;
        if (failed is not null)
        {
            return new AddressLookup(host, failed.Value.Outcome, addresses, chain, failed.Value.Reason, a.NameServer ?? aaaa.NameServer);
        }

        var nx = a.NonExistent && aaaa.NonExistent;
        return new AddressLookup(host, nx ? AddressLookupOutcome.NonExistent : AddressLookupOutcome.NoAddresses, addresses, chain, null, a.NameServer ?? aaaa.NameServer);
    }

    private async Task<FollowResult> FollowAsync(string host, DnsRecordType type, CancellationToken cancellationToken)
    {
        // Most targets are no alias: their answer holds their own addresses and no CNAME. That
        // case, asked once per domain for a target many domains share, needs no chain or loop
        // bookkeeping.
        var first = await QueryAsync(host, type, cancellationToken).ConfigureAwait(false);
        if (first.Outcome == DnsOutcome.Success && !first.Answers.Any(r => r.Type == DnsRecordType.CNAME))
        {
            var direct = first.Answers.Where(r => r.Type == type && NameEquals(r.Name, host)).Select(r => r.Data).ToArray();
            return new FollowResult(new List<string>(0), direct, null, nonExistent: false, first.NameServer);
        }

        return await FollowChainAsync(host, type, first, cancellationToken).ConfigureAwait(false);
    }

    // The general case: CNAME hops (each asked again when the server left out the target's
    // records), loops, failures. 'first' is the answer already in hand for the host itself: a
    // failure is never cached, so asking again would send it again.
    private async Task<FollowResult> FollowChainAsync(string host, DnsRecordType type, DnsAnswer first, CancellationToken cancellationToken)
    {
        var chain = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var current = host.ToLowerInvariant();
        string? nameServer = null;
        for (var hop = 0; hop <= MaxAliasHops; hop++)
        {
            if (!seen.Add(current))
            {
                return FollowResult.Failed(chain, AddressLookupOutcome.AliasLoop, $"the CNAME chain of {host} loops back to {current}", nameServer);
            }

            if (!DomainNameValidator.IsAnswerName(current))
            {
                return FollowResult.Failed(chain, AddressLookupOutcome.InvalidName, $"the CNAME chain of {host} leads to {current}, which is not a host name", nameServer);
            }

            var answer = hop == 0 ? first : await QueryAsync(current, type, cancellationToken).ConfigureAwait(false);
            nameServer ??= answer.NameServer;
            if (answer.Outcome == DnsOutcome.NonExistentDomain)
            {
                return new FollowResult(chain, Array.Empty<string>(), null, nonExistent: true, nameServer);
            }

            if (answer.IsFailure)
            {
                if (answer.Outcome == DnsOutcome.ServerFailure)
                {
                    // Servers answer a CNAME loop with SERVFAIL. Asked for the CNAME records
                    // themselves they still give them, and then the loop can be named.
                    var loop = await FindAliasLoopAsync(host, current, chain, seen, nameServer, cancellationToken).ConfigureAwait(false);
                    if (loop is not null)
                    {
                        return loop;
                    }
                }

                return FollowResult.Failed(chain, AddressLookupOutcome.LookupFailed, $"{type} {current}: {answer.Describe()}", nameServer);
            }

            // Walk the answer section as a server lays it out: CNAMEs from the name asked, then the
            // records of the final name. Records for any other owner are ignored.
            var name = current;
            var guard = 0;
            while (guard++ < MaxAliasHops)
            {
                var alias = answer.Answers.FirstOrDefault(r => r.Type == DnsRecordType.CNAME && NameEquals(r.Name, name));
                if (alias is null)
                {
                    break;
                }

                chain.Add(alias.Data);
                if (!seen.Add(alias.Data))
                {
                    return FollowResult.Failed(chain, AddressLookupOutcome.AliasLoop, $"the CNAME chain of {host} loops back to {alias.Data}", nameServer);
                }

                name = alias.Data;
            }

            var addresses = answer.Answers.Where(r => r.Type == type && NameEquals(r.Name, name)).Select(r => r.Data).ToArray();
            if (addresses.Length > 0 || NameEquals(name, current))
            {
                return new FollowResult(chain, addresses, null, nonExistent: false, nameServer);
            }

            // The server gave the alias but not the target's records: ask for the target.
            seen.Remove(name);
            current = name;
        }

        return FollowResult.Failed(chain, AddressLookupOutcome.AliasLoop, $"the CNAME chain of {host} is longer than {MaxAliasHops} hops", nameServer);
    }

    // Walks CNAME records one question at a time from 'current'; a failed lookup whose chain
    // loops becomes AliasLoop. Null when no loop shows (the failure stands as it is).
    private async Task<FollowResult?> FindAliasLoopAsync(string host, string current, List<string> chain, HashSet<string> seen, string? nameServer, CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(seen, StringComparer.OrdinalIgnoreCase);
        var walked = new List<string>(chain);
        var name = current;
        for (var hop = 0; hop <= MaxAliasHops; hop++)
        {
            var answer = await QueryAsync(name, DnsRecordType.CNAME, cancellationToken).ConfigureAwait(false);
            var alias = answer.Outcome == DnsOutcome.Success
                ? answer.Answers.FirstOrDefault(r => r.Type == DnsRecordType.CNAME && NameEquals(r.Name, name))
                : null;
            if (alias is null)
            {
                return null;
            }

            walked.Add(alias.Data);
            if (!visited.Add(alias.Data))
            {
                return FollowResult.Failed(walked, AddressLookupOutcome.AliasLoop,
                    $"the CNAME chain of {host} loops back to {alias.Data} (the DNS server answered SERVFAIL for it)", nameServer);
            }

            name = alias.Data;
        }

        return null;
    }

    private static bool NameEquals(string a, string b) => DnsName.Same(a, b);

    private sealed class CacheEntry
    {
        public Task<DnsAnswer>? Task;
        public DateTime Expires;
        public bool Used;
    }

    private sealed class FollowResult
    {
        public FollowResult(List<string> chain, string[] addresses, (AddressLookupOutcome Outcome, string Reason)? failure, bool nonExistent, string? nameServer)
        {
            Chain = chain;
            Addresses = addresses;
            Failure = failure;
            NonExistent = nonExistent;
            NameServer = nameServer;
        }

        public List<string> Chain { get; }
        public string[] Addresses { get; }
        public (AddressLookupOutcome Outcome, string Reason)? Failure { get; }
        public bool NonExistent { get; }
        public string? NameServer { get; }

        public static FollowResult Failed(List<string> chain, AddressLookupOutcome outcome, string reason, string? nameServer) =>
            new(chain, Array.Empty<string>(), (outcome, reason), nonExistent: false, nameServer);
    }
}
