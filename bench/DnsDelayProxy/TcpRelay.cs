using System;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace ATTR35.Bench.DnsDelayProxy;

/// <summary>
/// DNS over TCP (truncated answers, zone-size replies): one upstream connection per client
/// connection; each length-prefixed query is held for the delay on its own, so pipelined
/// queries are not serialised behind one another, and replies flow straight back.
/// </summary>
internal sealed class TcpRelay : IDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly TimeSpan _delay;
    private readonly Counters _counters;
    private readonly CancellationTokenSource _stop = new();

    public TcpRelay(ProxyOptions options, Counters counters)
    {
        _listener = new TcpListener(options.Listen);
        _upstream = options.Upstream;
        _delay = options.Delay;
        _counters = counters;
    }

    public void Start()
    {
        _listener.Start(512);
        _ = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient(_upstream.AddressFamily))
        using (var session = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            try
            {
                client.NoDelay = true;
                upstream.NoDelay = true;
                await upstream.ConnectAsync(_upstream, session.Token);
                var held = Channel.CreateUnbounded<(DateTime Due, byte[] Message)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
                var toServer = ForwardHeldAsync(held.Reader, upstream.GetStream(), session.Token);
                var toClient = upstream.GetStream().CopyToAsync(client.GetStream(), session.Token);
                await ReadQueriesAsync(client.GetStream(), held.Writer, session.Token);
                await toServer;
                await toClient;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or System.IO.IOException or ChannelClosedException)
            {
                // Either side closed: the session is over.
            }
            finally
            {
                session.Cancel();
            }
        }
    }

    private async Task ReadQueriesAsync(NetworkStream stream, ChannelWriter<(DateTime, byte[])> held, CancellationToken cancellation)
    {
        var prefix = new byte[2];
        try
        {
            while (true)
            {
                if (!await ReadExactlyOrEndAsync(stream, prefix, cancellation))
                {
                    return;
                }

                int length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
                var message = new byte[length + 2];
                prefix.CopyTo(message, 0);
                if (!await ReadExactlyOrEndAsync(stream, message.AsMemory(2), cancellation))
                {
                    return;
                }

                _counters.TcpQuery();
                await held.WriteAsync((DateTime.UtcNow + _delay, message), cancellation);
            }
        }
        finally
        {
            held.TryComplete();
        }
    }

    private static async Task ForwardHeldAsync(ChannelReader<(DateTime Due, byte[] Message)> held, NetworkStream server, CancellationToken cancellation)
    {
        await foreach (var (due, message) in held.ReadAllAsync(cancellation))
        {
            var wait = due - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellation);
            }

            await server.WriteAsync(message, cancellation);
        }
    }

    private static async Task<bool> ReadExactlyOrEndAsync(NetworkStream stream, Memory<byte> buffer, CancellationToken cancellation)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer.Slice(read), cancellation);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
