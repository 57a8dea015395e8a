using System;
using System.Diagnostics;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Dns;
using ATTR35.DnsClientAdapter;
using ATTR35.FaultServer;
using Xunit;

namespace ATTR35.Tests.Dns;

[Collection(TimingCollection.Name)]
public class DnsClientTransportTests
{
    // A UDP DNS server on loopback that drops the first datagrams and answers the rest with NXDOMAIN.
    private static ScriptedDnsServer Lossy(int dropFirst, int wrongIdFirst = 0) => new(new LossyDnsScript(dropFirst, wrongIdFirst).AnswerAsync);

    // A UDP DNS server on loopback that answers every copy of a question with one MX record after a delay.
    private static ScriptedDnsServer Delayed(TimeSpan delay) => new(new DelayedMxScript(delay).AnswerAsync);

    [Theory]
    [InlineData(5, new[] { 500, 1000, 2000, 4000 })]
    [InlineData(1, new[] { 200, 400, 800 })]
    [InlineData(30, new[] { 1000, 2000, 4000, 8000 })]
    public void Sends_again_soon_then_backs_off(int boundSeconds, int[] expectedMilliseconds)
    {
        for (var attempt = 0; attempt < expectedMilliseconds.Length; attempt++)
        {
            Assert.Equal(expectedMilliseconds[attempt], DnsClientTransport.AttemptTimeout(TimeSpan.FromSeconds(boundSeconds), attempt).TotalMilliseconds);
        }
    }

    [Fact]
    public async Task A_lost_datagram_costs_the_first_retransmission_not_a_third_of_the_bound()
    {
        using var server = Lossy(dropFirst: 1);
        var transport = new DnsClientTransport();

        // JIT and the first socket are not what is measured.
        using (var warm = Lossy(dropFirst: 0))
        {
            await transport.QueryAsync(new DnsQuery("warm.contoso.com", DnsRecordType.A, new[] { warm.EndPoint }, TimeSpan.FromSeconds(30)), CancellationToken.None);
        }

        // At a 30 s bound the first retransmission comes after 1 s, a third of the bound after 10 s:
        // the second copy arrives (measured at the server) after at least the first interval and
        // well before a third of the bound, with seconds to spare for a loaded machine.
        var watch = Stopwatch.StartNew();
        var answer = await transport.QueryAsync(new DnsQuery("host.contoso.com", DnsRecordType.A, new[] { server.EndPoint }, TimeSpan.FromSeconds(30)), CancellationToken.None);
        watch.Stop();
        Assert.Equal(DnsOutcome.NonExistentDomain, answer.Outcome);
        Assert.Equal(2, server.Received);
        Assert.Equal(1000, DnsClientTransport.AttemptTimeout(TimeSpan.FromSeconds(30), 0).TotalMilliseconds);
        Assert.InRange(server.GapAfter(0).TotalMilliseconds, 900, 5000);
        Assert.InRange(watch.Elapsed.TotalMilliseconds, 900, 5000);
    }

    [Fact]
    public async Task A_silent_server_gives_a_timeout_within_the_bound()
    {
        using var server = Lossy(dropFirst: int.MaxValue);
        var transport = new DnsClientTransport();
        var watch = Stopwatch.StartNew();
        var answer = await transport.QueryAsync(new DnsQuery("host.contoso.com", DnsRecordType.A, new[] { server.EndPoint }, TimeSpan.FromSeconds(5)), CancellationToken.None);
        watch.Stop();
        Assert.Equal(DnsOutcome.Timeout, answer.Outcome);

        // The whole bound, and not two of them (5 s spare for a loaded machine).
        Assert.InRange(watch.Elapsed.TotalSeconds, 4.5, 10.0);

        // Sent at 0, 0.5, 1.5 and 3.5 s.
        Assert.InRange(server.Received, 3, 4);
    }

    [Fact]
    public async Task Cancellation_ends_the_question_at_once()
    {
        using var server = Lossy(dropFirst: int.MaxValue);
        var transport = new DnsClientTransport();
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.QueryAsync(new DnsQuery("host.contoso.com", DnsRecordType.A, new[] { server.EndPoint }, TimeSpan.FromSeconds(10)), stop.Token));

        // Cancelled at 0.3 s, long before the 10 s bound (a hang bound of half of it, for a loaded machine).
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.2, 5.0);
        var sent = server.Received;
        await Task.Delay(1500);
        Assert.Equal(sent, server.Received);
    }

    [Fact]
    public async Task Hears_a_server_that_answers_after_the_first_retransmissions_but_within_the_bound()
    {
        // Each copy is answered 1.5 s after it arrives. Copies sent at 0.3, 0.9 and 2.1 s would
        // each be given up before their answer if a new copy replaced the last one.
        using var server = Delayed(TimeSpan.FromMilliseconds(1500));
        var watch = Stopwatch.StartNew();
        var answer = await new DnsClientTransport().QueryAsync(new DnsQuery("contoso.example", DnsRecordType.MX, new[] { server.EndPoint }, TimeSpan.FromSeconds(3)), CancellationToken.None);
        Assert.Equal(DnsOutcome.Success, answer.Outcome);
        Assert.Equal("mx.contoso.example", answer.Answers[0].Data);

        // Success is the proof: the last copy (2.1 s) would be answered at 3.6 s, after the bound,
        // so an earlier copy's answer was heard. The clock only says it was not the first instant.
        Assert.True(watch.Elapsed.TotalSeconds >= 1.4, $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Gives_up_at_the_bound_when_the_answer_comes_too_late()
    {
        using var server = Delayed(TimeSpan.FromSeconds(5));
        var transport = new DnsClientTransport();

        // JIT and the first socket are not what is measured.
        using (var warm = Delayed(TimeSpan.Zero))
        {
            await transport.QueryAsync(new DnsQuery("warm.example", DnsRecordType.MX, new[] { warm.EndPoint }, TimeSpan.FromSeconds(5)), CancellationToken.None);
        }

        // The answer comes at 5 s; the bound is 2 s: Timeout shows it did not wait for the answer,
        // the clock that it waited the bound and not two of them (2 s spare for a loaded machine).
        var watch = Stopwatch.StartNew();
        var answer = await transport.QueryAsync(new DnsQuery("contoso.example", DnsRecordType.MX, new[] { server.EndPoint }, TimeSpan.FromSeconds(2)), CancellationToken.None);
        Assert.Equal(DnsOutcome.Timeout, answer.Outcome);
        Assert.InRange(watch.Elapsed.TotalSeconds, 1.8, 4.0);
        Assert.Contains("within 2 s", answer.Error);
    }

    [Fact]
    public async Task After_a_few_round_trips_a_lost_datagram_to_a_fast_server_is_sent_again_well_before_a_tenth_of_the_bound()
    {
        var lossy = new LossyDnsScript(dropFirst: 0);
        using var server = new ScriptedDnsServer(lossy.AnswerAsync);
        var transport = new DnsClientTransport();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(DnsOutcome.NonExistentDomain, (await transport.QueryAsync(new DnsQuery($"warm{i}.contoso.com", DnsRecordType.A, new[] { server.EndPoint }, TimeSpan.FromSeconds(5)), CancellationToken.None)).Outcome);
        }

        Assert.Equal(10, transport.EstimateOf(server.EndPoint.ToString())!.Samples);
        var received = server.Received;
        lossy.DropFirst = received + 1; // the next datagram is lost

        // At a 30 s bound the fixed schedule would send the second copy after 1 s; the estimate
        // of ten loopback round trips says far less (its floor is 100 ms).
        var ceiling = DnsClientTransport.AttemptTimeout(TimeSpan.FromSeconds(30), 0);
        var interval = transport.EstimateOf(server.EndPoint.ToString())!.FirstInterval(ceiling);
        Assert.Equal(1000, ceiling.TotalMilliseconds);
        Assert.True(interval < ceiling, $"the estimate's interval is {interval}");
        var answer = await transport.QueryAsync(new DnsQuery("host.contoso.com", DnsRecordType.A, new[] { server.EndPoint }, TimeSpan.FromSeconds(30)), CancellationToken.None);
        Assert.Equal(DnsOutcome.NonExistentDomain, answer.Outcome);
        Assert.True(server.Received >= received + 2);

        // Measured at the server: the second copy came after the estimate's interval, not after
        // the fixed 1 s (500 ms to spare for a loaded machine). (A busy machine may add a third copy later.)
        Assert.InRange(server.GapAfter(received).TotalMilliseconds, 90, 950);
    }

    [Fact]
    public async Task A_response_with_another_transaction_id_is_a_lost_copy_and_the_next_copy_is_heard()
    {
        // What a late answer to an earlier question looks like when it reaches a socket whose port
        // was reused: it must cost a retransmission, not the domain (Status Error).
        using var server = Lossy(dropFirst: 0, wrongIdFirst: 1);
        var answer = await new DnsClientTransport().QueryAsync(new DnsQuery("host.contoso.com", DnsRecordType.A, new[] { server.EndPoint }, TimeSpan.FromSeconds(2)), CancellationToken.None);
        Assert.Equal(DnsOutcome.NonExistentDomain, answer.Outcome);
        Assert.Equal(2, server.Received);
    }

    [Fact]
    public async Task A_server_that_only_sends_other_transaction_ids_ends_with_that_message_within_the_bound()
    {
        // At a 5 s bound the copies are due at 0, 0.5, 1.5 and 3.5 s: a second one comes even when a
        // loaded machine runs the timers late (at a 1 s bound the second was due at 0.2 s and a
        // busy machine could reach the bound first).
        using var server = Lossy(dropFirst: 0, wrongIdFirst: int.MaxValue);
        var answer = await new DnsClientTransport().QueryAsync(new DnsQuery("host.contoso.com", DnsRecordType.A, new[] { server.EndPoint }, TimeSpan.FromSeconds(5)), CancellationToken.None);
        Assert.Equal(DnsOutcome.NetworkError, answer.Outcome);
        Assert.Contains("another transaction id", answer.Error);
        Assert.True(server.Received >= 2, $"the copies go on after a stray response ({server.Received} received)");
    }

    [Fact]
    public async Task A_silent_first_server_costs_one_interval_and_is_not_asked_again_once_the_second_answers()
    {
        using var silent = Lossy(dropFirst: int.MaxValue);
        using var good = Lossy(dropFirst: 0);
        var transport = new DnsClientTransport();
        var answer = await transport.QueryAsync(new DnsQuery("host.contoso.com", DnsRecordType.A, new[] { silent.EndPoint, good.EndPoint }, TimeSpan.FromSeconds(30)), CancellationToken.None);
        Assert.Equal(DnsOutcome.NonExistentDomain, answer.Outcome);
        Assert.Equal(good.EndPoint.ToString(), answer.NameServer);

        // Asked once, left unanswered for its first interval (1 s at a 30 s bound), then the second
        // server: the silent one would have had its second copy at 3 s, 2 s after the good server
        // was asked (room for a loaded machine to handle that answer first).
        Assert.Equal(1, silent.Received);
        Assert.Equal(1, good.Received);
    }

    [Fact]
    public async Task Two_silent_servers_name_both_and_end_within_one_interval_plus_the_bound()
    {
        using var first = Lossy(dropFirst: int.MaxValue);
        using var second = Lossy(dropFirst: int.MaxValue);
        var watch = Stopwatch.StartNew();
        var answer = await new DnsClientTransport().QueryAsync(new DnsQuery("host.contoso.com", DnsRecordType.A, new[] { first.EndPoint, second.EndPoint }, TimeSpan.FromSeconds(2)), CancellationToken.None);
        Assert.Equal(DnsOutcome.Timeout, answer.Outcome);
        Assert.Contains($"no answer from {first.EndPoint} within 2 s; no answer from {second.EndPoint} within 2 s", answer.Error);

        // The second server is asked 200 ms in (the first interval at a 2 s bound) and has its own
        // 2 s: at least 2.2 s, and less than two rounds of that (2 s spare for a loaded machine).
        Assert.InRange(watch.Elapsed.TotalSeconds, 2.1, 4.4);
    }
}
