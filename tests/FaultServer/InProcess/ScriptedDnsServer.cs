using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>
/// A DNS server on loopback whose script answers each message (null: no answer, like a lost
/// datagram): the host of every scripted DNS server, in a test's process (xunit, Pester's Scale
/// tests) or in the FaultServer process (one per named scenario). UDP on a port chosen by the
/// system, and with <c>tcp</c> a TCP listener on the same port, because a client falls back to
/// TCP on the port it asked. It counts every message, keeps the time each arrived and how often
/// each question was asked, so tests can assert what went over the wire.
/// </summary>
public sealed class ScriptedDnsServer : IDisposable
{
    private readonly UdpClient _udp;
    private readonly TcpListener? _tcp;
    private readonly Func<DnsExchange, Task<byte[]?>> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, long> _arrivals = new();
    private readonly ConcurrentDictionary<string, int> _asked = new(StringComparer.OrdinalIgnoreCase);
    private int _received;
    private int _inFlight;
    private int _mostInFlight;

    /// <summary>UDP only, on 127.0.0.1.</summary>
    public ScriptedDnsServer(Func<DnsExchange, Task<byte[]?>> script)
        : this(IPAddress.Loopback, script, tcp: false)
    {
    }

    /// <summary>On <paramref name="address"/> (a loopback address); with <paramref name="tcp"/> also over TCP on the same port.</summary>
    public ScriptedDnsServer(IPAddress address, Func<DnsExchange, Task<byte[]?>> script, bool tcp)
    {
        _script = script;
        (_udp, _tcp) = Bind(address, tcp);

        // Bursts of hundreds of questions at once must not overflow the socket's queue: a lost
        // datagram would be the server's doing, not the client's.
        _udp.Client.ReceiveBufferSize = 1 << 20;
        new Thread(UdpLoop) { IsBackground = true, Name = "ScriptedDnsServer UDP" }.Start();
        if (_tcp is not null)
        {
            _ = TcpLoopAsync(_tcp);
        }
    }

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>Every message received, retransmissions included.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>The most messages the script was working on at once: above 1, questions were answered concurrently, so a later one could be answered first.</summary>
    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    /// <summary>Every question asked, as "TYPE name" (<see cref="DnsWire.TypeName"/>, the name in lower case) and how often.</summary>
    public IDictionary<string, int> Asked => new Dictionary<string, int>(_asked, StringComparer.OrdinalIgnoreCase);

    /// <summary>How often "TYPE name" was asked (a trailing dot and case do not matter).</summary>
    public int Count(string type, string name) =>
        _asked.TryGetValue(type + " " + name.TrimEnd('.'), out int count) ? count : 0;

    /// <summary>The time between message <paramref name="index"/> (from 0) and the next, as the server saw them arrive.</summary>
    public TimeSpan GapAfter(int index) =>
        TimeSpan.FromTicks((_arrivals[index + 1] - _arrivals[index]) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        _tcp?.Stop();
    }

    private static (UdpClient Udp, TcpListener? Tcp) Bind(IPAddress address, bool tcp)
    {
        for (int attempt = 0; ; attempt++)
        {
            var udp = new UdpClient(new IPEndPoint(address, 0));
            if (!tcp)
            {
                return (udp, null);
            }

            var listener = new TcpListener(address, ((IPEndPoint)udp.Client.LocalEndPoint!).Port);
            try
            {
                listener.Start();
                return (udp, listener);
            }
            catch (SocketException) when (attempt < 50)
            {
                udp.Dispose();
            }
        }
    }

    // Numbered and timed as it arrives, before any script runs, so counts never lag the wire.
    private DnsExchange Arrived(byte[] query, bool tcp)
    {
        long now = Stopwatch.GetTimestamp();
        int number = Interlocked.Increment(ref _received);
        _arrivals[number - 1] = now;
        string? name = null;
        int type = -1;
        if (DnsWire.TryReadQuestion(query, out string read, out int readType))
        {
            name = read;
            type = readType;
            _asked.AddOrUpdate(DnsWire.TypeName(type) + " " + name, 1, (_, n) => n + 1);
        }

        return new DnsExchange(query, number, tcp, name, type, _stop.Token);
    }

    private async Task<byte[]?> RunScriptAsync(DnsExchange exchange)
    {
        int now = Interlocked.Increment(ref _inFlight);
        int most;
        while (now > (most = Volatile.Read(ref _mostInFlight)) && Interlocked.CompareExchange(ref _mostInFlight, now, most) != most)
        {
        }

        try
        {
            return await _script(exchange).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    // A thread of its own, blocked in Receive: the arrival time is taken as the datagram comes,
    // however busy the thread pool is (tests that run beside others measure gaps between copies).
    private void UdpLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            byte[] datagram;
            var remote = new IPEndPoint(IPAddress.Any, 0);
            try
            {
                datagram = _udp.Receive(ref remote);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP "port unreachable" for an earlier answer, reported on this socket: not the end.
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            _ = AnswerUdpAsync(Arrived(datagram, tcp: false), remote);
        }
    }

    private async Task AnswerUdpAsync(DnsExchange exchange, IPEndPoint client)
    {
        try
        {
            byte[]? answer = await RunScriptAsync(exchange).ConfigureAwait(false);
            if (answer is not null)
            {
                await _udp.SendAsync(answer, answer.Length, client).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // The server is stopping, or the script's upstream failed: no answer, like a lost datagram.
        }
    }

    private async Task TcpLoopAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException or InvalidOperationException)
            {
                return;
            }

            _ = ServeTcpAsync(client);
        }
    }

    private async Task ServeTcpAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                while (true)
                {
                    byte[]? query = await ReadFramedAsync(stream, _stop.Token).ConfigureAwait(false);
                    if (query is null)
                    {
                        return;
                    }

                    DnsExchange exchange = Arrived(query, tcp: true);
                    byte[]? answer = await RunScriptAsync(exchange).ConfigureAwait(false);
                    if (exchange.CloseTcp)
                    {
                        return;
                    }

                    if (answer is not null)
                    {
                        byte[] framed = new byte[answer.Length + 2];
                        framed[0] = (byte)(answer.Length >> 8);
                        framed[1] = (byte)answer.Length;
                        Buffer.BlockCopy(answer, 0, framed, 2, answer.Length);
                        await stream.WriteAsync(framed, 0, framed.Length, _stop.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping.
            }
        }
    }

    private static async Task<byte[]?> ReadFramedAsync(Stream stream, CancellationToken cancellation)
    {
        byte[] prefix = new byte[2];
        if (!await ReadExactlyAsync(stream, prefix, cancellation).ConfigureAwait(false))
        {
            return null;
        }

        byte[] message = new byte[(prefix[0] << 8) | prefix[1]];
        return await ReadExactlyAsync(stream, message, cancellation).ConfigureAwait(false) ? message : null;
    }

    // False when the stream ends first.
    private static async Task<bool> ReadExactlyAsync(Stream stream, byte[] buffer, CancellationToken cancellation)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer, read, buffer.Length - read, cancellation).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
