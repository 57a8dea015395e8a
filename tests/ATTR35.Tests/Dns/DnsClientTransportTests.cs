using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.DnsClientAdapter;
using ATTR35.Dns;
using Xunit;

namespace ATTR35.Tests.Dns;

/// <summary>
/// A UDP DNS server on 127.0.0.1 that answers every question with one MX record after a delay,
/// optionally ignoring the first copies of each question (lost datagrams).
/// </summary>
internal sealed class DelayedUdpDnsServer : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private int _received;

    public DelayedUdpDnsServer(TimeSpan delay, int ignoreFirst = 0)
    {
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult request;
                try
                {
                    request = await _udp.ReceiveAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                if (Interlocked.Increment(ref _received) <= ignoreFirst)
                {
                    continue;
                }

                _ = Task.Run(async () =>
                {
                    await Task.Delay(delay);
                    var response = Answer(request.Buffer);
                    try
                    {
                        await _udp.SendAsync(response, response.Length, request.RemoteEndPoint);
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                });
            }
        });
    }

    public IPEndPoint Endpoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public int Received => Volatile.Read(ref _received);

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
    }

    // The question echoed, and "MX 10 mx.<name>" with the owner as a pointer to the question.
    private static byte[] Answer(byte[] query)
    {
        var end = 12;
        while (query[end] != 0)
        {
            end += query[end] + 1;
        }

        var questionLength = end + 5 - 12;
        var response = new byte[12 + questionLength + 12 + 2 + 4 + 2];
        Array.Copy(query, response, 12 + questionLength);
        response[2] = (byte)(0x84 | (query[2] & 0x01));
        response[3] = 0;
        response[7] = 1;
        response[8] = response[9] = response[10] = response[11] = 0;
        var at = 12 + questionLength;
        byte[] record = { 0xC0, 0x0C, 0, 15, 0, 1, 0, 0, 0, 60, 0, 7, 0, 10, 2, (byte)'m', (byte)'x', 0xC0, 0x0C };
        Array.Resize(ref response, at + record.Length);
        record.CopyTo(response, at);
        return response;
    }
}

public class DnsClientTransportTests
{
    private static Task<DnsAnswer> Ask(IPEndPoint server, TimeSpan timeout) =>
        new DnsClientTransport().QueryAsync(new DnsQuery("contoso.example", DnsRecordType.MX, new[] { server }, timeout), CancellationToken.None);

    [Fact]
    public async Task Hears_a_server_that_answers_after_a_third_of_the_bound_but_within_it()
    {
        // Each copy is answered 1.5 s after it arrives; a copy that gave up after a third of the
        // 3 s bound (1 s) would never hear it.
        using var server = new DelayedUdpDnsServer(TimeSpan.FromMilliseconds(1500));
        var watch = Stopwatch.StartNew();
        var answer = await Ask(server.Endpoint, TimeSpan.FromSeconds(3));
        Assert.Equal(DnsOutcome.Success, answer.Outcome);
        Assert.Equal("mx.contoso.example", answer.Answers[0].Data);
        Assert.InRange(watch.Elapsed.TotalSeconds, 1.4, 2.9);
    }

    [Fact]
    public async Task Sends_the_question_again_when_the_first_copy_is_lost()
    {
        using var server = new DelayedUdpDnsServer(TimeSpan.Zero, ignoreFirst: 1);
        var watch = Stopwatch.StartNew();
        var answer = await Ask(server.Endpoint, TimeSpan.FromSeconds(3));
        Assert.Equal(DnsOutcome.Success, answer.Outcome);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 2.0);
        Assert.True(server.Received >= 2);
    }

    [Fact]
    public async Task Gives_up_at_the_bound_when_the_answer_comes_too_late()
    {
        using var server = new DelayedUdpDnsServer(TimeSpan.FromSeconds(5));
        var watch = Stopwatch.StartNew();
        var answer = await Ask(server.Endpoint, TimeSpan.FromSeconds(1));
        Assert.Equal(DnsOutcome.Timeout, answer.Outcome);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 1.5);
        Assert.Contains("within 1 s", answer.Error);
    }
}
