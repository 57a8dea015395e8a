using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Dns;
using Xunit;

namespace ATTR35.Tests.Dns;

/// <summary>A zone in memory: the resolver logic (CNAME chasing, caching) tested without a network.</summary>
internal sealed class ZoneTransport : IDnsTransport
{
    private readonly List<DnsRecord> _records = new();
    public int Questions;
    public List<string> Asked { get; } = new();
    public TimeSpan Delay { get; set; }

    public ZoneTransport Add(string name, DnsRecordType type, string data, int preference = 0, int ttl = 300)
    {
        _records.Add(new DnsRecord(name, type, ttl, data, preference));
        return this;
    }

    public async Task<DnsAnswer> QueryAsync(DnsQuery query, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Questions);
        lock (Asked)
        {
            Asked.Add($"{query.Type} {query.Name}");
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        var owned = _records.Where(r => r.Name == query.Name).ToList();
        if (owned.Count == 0)
        {
            return new DnsAnswer(DnsOutcome.NonExistentDomain, Array.Empty<DnsRecord>(), Array.Empty<DnsRecord>(), "zone", null);
        }

        var cname = owned.FirstOrDefault(r => r.Type == DnsRecordType.CNAME && query.Type != DnsRecordType.CNAME);
        var answers = cname is not null ? new List<DnsRecord> { cname } : owned.Where(r => r.Type == query.Type).ToList();
        return new DnsAnswer(DnsOutcome.Success, answers, Array.Empty<DnsRecord>(), "zone", null);
    }
}

public class DnsResolverTests
{
    private static DnsResolver Resolver(ZoneTransport zone) => new(zone, Array.Empty<IPEndPoint>(), TimeSpan.FromSeconds(2));

    [Fact]
    public async Task Follows_a_cname_chain_across_questions()
    {
        var zone = new ZoneTransport()
            .Add("mx.contoso.com", DnsRecordType.CNAME, "relay.contoso.com")
            .Add("relay.contoso.com", DnsRecordType.CNAME, "final.contoso.net")
            .Add("final.contoso.net", DnsRecordType.A, "192.0.2.7");
        var lookup = await Resolver(zone).ResolveAddressesAsync("mx.contoso.com", CancellationToken.None);
        Assert.Equal(AddressLookupOutcome.Resolved, lookup.Outcome);
        Assert.Equal(new[] { "192.0.2.7" }, lookup.Addresses);
        Assert.Equal(new[] { "relay.contoso.com", "final.contoso.net" }, lookup.AliasChain);
        Assert.True(lookup.IsAlias);
    }

    [Fact]
    public async Task Detects_a_cname_loop()
    {
        var zone = new ZoneTransport()
            .Add("a.contoso.com", DnsRecordType.CNAME, "b.contoso.com")
            .Add("b.contoso.com", DnsRecordType.CNAME, "a.contoso.com");
        var lookup = await Resolver(zone).ResolveAddressesAsync("a.contoso.com", CancellationToken.None);
        Assert.Equal(AddressLookupOutcome.AliasLoop, lookup.Outcome);
        Assert.Contains("loops", lookup.Error);
    }

    [Fact]
    public async Task Reports_a_name_without_addresses()
    {
        var zone = new ZoneTransport().Add("mx.contoso.com", DnsRecordType.MX, "x.contoso.com", 10);
        var lookup = await Resolver(zone).ResolveAddressesAsync("mx.contoso.com", CancellationToken.None);
        Assert.Equal(AddressLookupOutcome.NoAddresses, lookup.Outcome);
        var missing = await Resolver(zone).ResolveAddressesAsync("nothing.contoso.com", CancellationToken.None);
        Assert.Equal(AddressLookupOutcome.NonExistent, missing.Outcome);
    }

    [Fact]
    public async Task Asks_a_shared_question_once_even_while_it_is_in_flight()
    {
        var zone = new ZoneTransport { Delay = TimeSpan.FromMilliseconds(100) }.Add("host.contoso.com", DnsRecordType.A, "192.0.2.1");
        var resolver = Resolver(zone);
        var lookups = Enumerable.Range(0, 20).Select(_ => resolver.QueryAsync("host.contoso.com", DnsRecordType.A, CancellationToken.None)).ToArray();
        await Task.WhenAll(lookups);
        Assert.Equal(1, zone.Questions);
        Assert.Equal(1, resolver.QuestionsSent);
    }

    [Fact]
    public async Task Asks_again_once_the_ttl_has_passed()
    {
        var zone = new ZoneTransport().Add("host.contoso.com", DnsRecordType.A, "192.0.2.1", ttl: 0);
        var resolver = Resolver(zone);
        await resolver.QueryAsync("host.contoso.com", DnsRecordType.A, CancellationToken.None);
        await Task.Delay(20);
        await resolver.QueryAsync("host.contoso.com", DnsRecordType.A, CancellationToken.None);
        Assert.Equal(2, zone.Questions);
    }

    [Fact]
    public async Task A_cancelled_caller_does_not_cancel_the_shared_question()
    {
        var zone = new ZoneTransport { Delay = TimeSpan.FromMilliseconds(200) }.Add("host.contoso.com", DnsRecordType.A, "192.0.2.1");
        var resolver = Resolver(zone);
        using var cts = new CancellationTokenSource();
        var first = resolver.QueryAsync("host.contoso.com", DnsRecordType.A, cts.Token);
        var second = resolver.QueryAsync("host.contoso.com", DnsRecordType.A, CancellationToken.None);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(DnsOutcome.Success, (await second).Outcome);
    }

    [Fact]
    public async Task Keeps_the_cache_bounded_over_many_distinct_names()
    {
        var zone = new ZoneTransport().Add("target.contoso.com", DnsRecordType.A, "192.0.2.1");
        var resolver = new DnsResolver(zone, Array.Empty<IPEndPoint>(), TimeSpan.FromSeconds(2), cacheCapacity: 64);
        var peak = 0;
        for (var i = 0; i < 2000; i++)
        {
            await resolver.QueryAsync($"d{i}.contoso.com", DnsRecordType.MX, CancellationToken.None);
            await resolver.QueryAsync("target.contoso.com", DnsRecordType.A, CancellationToken.None);
            peak = Math.Max(peak, resolver.CachedQuestions);
        }

        // Each domain's own answer goes; the target every domain shares stays and is asked once.
        Assert.InRange(peak, 1, 2 * 64 + 1);
        Assert.Equal(1, zone.Asked.Count(q => q == "A target.contoso.com"));
        Assert.Equal(2001, zone.Questions);
    }

    [Fact]
    public async Task Drops_expired_answers_when_it_sweeps()
    {
        var zone = new ZoneTransport();
        for (var i = 0; i < 100; i++)
        {
            zone.Add($"d{i}.contoso.com", DnsRecordType.A, "192.0.2.1", ttl: 0);
        }

        var resolver = new DnsResolver(zone, Array.Empty<IPEndPoint>(), TimeSpan.FromSeconds(2), cacheCapacity: 16);
        for (var i = 0; i < 100; i++)
        {
            await resolver.QueryAsync($"d{i}.contoso.com", DnsRecordType.A, CancellationToken.None);
        }

        Assert.True(resolver.CachedQuestions <= 17, $"{resolver.CachedQuestions} entries kept");
    }

    [Fact]
    public async Task Stopping_the_invocation_abandons_questions_on_the_network()
    {
        var transport = new HangingTransport();
        using var lifetime = new CancellationTokenSource();
        var resolver = new DnsResolver(transport, Array.Empty<IPEndPoint>(), TimeSpan.FromSeconds(30), lifetime: lifetime.Token);
        var waiting = resolver.QueryAsync("host.contoso.com", DnsRecordType.A, CancellationToken.None);
        await transport.Started.Task;
        lifetime.Cancel();
        var answer = await waiting.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.True(answer.IsFailure);
        Assert.True(transport.SawCancellation);
    }

    private sealed class HangingTransport : IDnsTransport
    {
        public TaskCompletionSource<bool> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool SawCancellation { get; private set; }

        public async Task<DnsAnswer> QueryAsync(DnsQuery query, CancellationToken cancellationToken)
        {
            Started.TrySetResult(true);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                SawCancellation = true;
                throw;
            }

            throw new InvalidOperationException("unreachable");
        }
    }
}
