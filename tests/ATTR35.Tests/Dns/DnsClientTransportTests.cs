using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Dns;
using ATTR35.DnsClientAdapter;
using Xunit;

namespace ATTR35.Tests.Dns;

public class DnsClientTransportTests
{
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
        using var server = new LossyServer(dropFirst: 1);
        var transport = new DnsClientTransport();

        // JIT and the first socket are not what is measured.
        using (var warm = new LossyServer(dropFirst: 0))
        {
            await transport.QueryAsync(new DnsQuery("warm.contoso.com", DnsRecordType.A, new[] { warm.EndPoint }, TimeSpan.FromSeconds(5)), CancellationToken.None);
        }

        var watch = Stopwatch.StartNew();
        var answer = await transport.QueryAsync(new DnsQuery("host.contoso.com", DnsRecordType.A, new[] { server.EndPoint }, TimeSpan.FromSeconds(5)), CancellationToken.None);
        watch.Stop();
        Assert.Equal(DnsOutcome.NonExistentDomain, answer.Outcome);
        Assert.Equal(2, server.Received);
        Assert.InRange(watch.Elapsed.TotalMilliseconds, 450, 1500);
    }

    [Fact]
    public async Task A_silent_server_gives_a_timeout_within_the_bound()
    {
        using var server = new LossyServer(dropFirst: int.MaxValue);
        var transport = new DnsClientTransport();
        var watch = Stopwatch.StartNew();
        var answer = await transport.QueryAsync(new DnsQuery("host.contoso.com", DnsRecordType.A, new[] { server.EndPoint }, TimeSpan.FromSeconds(2)), CancellationToken.None);
        watch.Stop();
        Assert.Equal(DnsOutcome.Timeout, answer.Outcome);
        Assert.InRange(watch.Elapsed.TotalSeconds, 1.8, 3.0);

        // Sent at 0, 0.2, 0.6 and 1.4 s.
        Assert.InRange(server.Received, 3, 4);
    }

    [Fact]
    public async Task Cancellation_ends_the_question_at_once()
    {
        using var server = new LossyServer(dropFirst: int.MaxValue);
        var transport = new DnsClientTransport();
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.QueryAsync(new DnsQuery("host.contoso.com", DnsRecordType.A, new[] { server.EndPoint }, TimeSpan.FromSeconds(10)), stop.Token));
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.2, 1.5);
        var sent = server.Received;
        await Task.Delay(1500);
        Assert.Equal(sent, server.Received);
    }

    /// <summary>A UDP DNS server on loopback that drops the first datagrams and answers the rest with NXDOMAIN.</summary>
    private sealed class LossyServer : IDisposable
    {
        private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly int _dropFirst;
        private int _received;

        public LossyServer(int dropFirst)
        {
            _dropFirst = dropFirst;
            _ = ServeAsync();
        }

        public IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

        public int Received => Volatile.Read(ref _received);

        private async Task ServeAsync()
        {
            while (true)
            {
                UdpReceiveResult request;
                try
                {
                    request = await _socket.ReceiveAsync();
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException)
                {
                    return;
                }

                if (Interlocked.Increment(ref _received) <= _dropFirst)
                {
                    continue;
                }

                // The question echoed back as a response: QR and RA set, RCODE 3 (NXDOMAIN), no
                // records (any OPT record the client added is dropped with ARCOUNT = 0).
                var reply = (byte[])request.Buffer.Clone();
                reply[2] = (byte)(0x80 | (reply[2] & 0x01));
                reply[3] = 0x83;
                reply[6] = reply[7] = reply[8] = reply[9] = reply[10] = reply[11] = 0;
                var end = QuestionEnd(reply);
                await _socket.SendAsync(reply, end, request.RemoteEndPoint);
            }
        }

        private static int QuestionEnd(byte[] message)
        {
            var i = 12;
            while (message[i] != 0)
            {
                i += message[i] + 1;
            }

            return i + 5;
        }

        public void Dispose() => _socket.Dispose();
    }
}
