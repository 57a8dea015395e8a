using System;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace ATTR35.Bench.DnsDelayProxy;

/// <summary>
/// DNS over UDP: queries from any client go upstream, after the delay, from a few sockets of the
/// proxy's own, each query under a fresh message ID that maps back to its client and original
/// ID; replies go straight back. Blocking sockets on dedicated threads: the simplest fast path.
/// </summary>
internal sealed class UdpRelay : IDisposable
{
    // Several upstream sockets, so the server's per-socket receive threads share the load the way
    // they would with several real clients.
    private const int UpstreamSockets = 4;
    private const int SocketBuffer = 4 * 1024 * 1024;

    private readonly Socket _listener;
    private readonly Upstream[] _upstreams;
    private readonly Counters _counters;
    private readonly DelayLine<Query>? _delay;
    private int _next;

    public UdpRelay(ProxyOptions options, Counters counters)
    {
        _counters = counters;
        _listener = new Socket(options.Listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _listener.ReceiveBufferSize = SocketBuffer;
        _listener.SendBufferSize = SocketBuffer;
        _listener.Bind(options.Listen);
        _upstreams = new Upstream[UpstreamSockets];
        for (int i = 0; i < _upstreams.Length; i++)
        {
            _upstreams[i] = new Upstream(this, options.Upstream);
        }

        _delay = options.Delay > TimeSpan.Zero ? new DelayLine<Query>(options.Delay, Forward, counters) : null;
    }

    public void Start()
    {
        foreach (var upstream in _upstreams)
        {
            upstream.Start();
        }

        new Thread(ReceiveQueries) { IsBackground = true, Name = "udp queries" }.Start();
    }

    private void ReceiveQueries()
    {
        var buffer = new byte[65536];
        var from = new SocketAddress(_listener.AddressFamily);
        while (true)
        {
            int length;
            try
            {
                length = _listener.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (length < 12)
            {
                continue;
            }

            _counters.UdpQuery();
            var client = new SocketAddress(from.Family, from.Size);
            from.Buffer.Span.Slice(0, from.Size).CopyTo(client.Buffer.Span);
            var query = new Query(buffer.AsSpan(0, length).ToArray(), client);
            if (_delay is null)
            {
                Forward(query);
            }
            else
            {
                _delay.Add(query);
            }
        }
    }

    // Called by one thread only (the receiver, or the delay line), so IDs need no lock.
    private void Forward(Query query)
    {
        var upstream = _upstreams[_next++ % _upstreams.Length];
        upstream.Send(query);
    }

    private void Reply(ReadOnlySpan<byte> message, SocketAddress client)
    {
        try
        {
            _listener.SendTo(message, SocketFlags.None, client);
            _counters.UdpReply();
        }
        catch (SocketException)
        {
            // The client is gone; UDP has no one to tell.
        }
    }

    public void Dispose()
    {
        _delay?.Dispose();
        _listener.Dispose();
        foreach (var upstream in _upstreams)
        {
            upstream.Dispose();
        }
    }

    private sealed record Query(byte[] Message, SocketAddress Client);

    private sealed class Pending
    {
        public Pending(SocketAddress client, ushort id)
        {
            Client = client;
            Id = id;
        }

        public SocketAddress Client { get; }
        public ushort Id { get; }
    }

    private sealed class Upstream : IDisposable
    {
        private readonly UdpRelay _relay;
        private readonly Socket _socket;
        private readonly Pending?[] _pending = new Pending?[65536];
        private ushort _nextId;

        public Upstream(UdpRelay relay, IPEndPoint server)
        {
            _relay = relay;
            _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
            {
                ReceiveBufferSize = SocketBuffer,
                SendBufferSize = SocketBuffer,
            };
            _socket.Connect(server);
        }

        public void Start() => new Thread(ReceiveReplies) { IsBackground = true, Name = "udp replies" }.Start();

        public void Send(Query query)
        {
            ushort id = _nextId++;
            ushort original = BinaryPrimitives.ReadUInt16BigEndian(query.Message);
            Volatile.Write(ref _pending[id], new Pending(query.Client, original));
            BinaryPrimitives.WriteUInt16BigEndian(query.Message, id);
            try
            {
                _socket.Send(query.Message);
            }
            catch (SocketException)
            {
                Volatile.Write(ref _pending[id], null);
            }
        }

        private void ReceiveReplies()
        {
            var buffer = new byte[65536];
            while (true)
            {
                int length;
                try
                {
                    length = _socket.Receive(buffer);
                }
                catch (SocketException)
                {
                    continue;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                if (length < 12)
                {
                    continue;
                }

                ushort id = BinaryPrimitives.ReadUInt16BigEndian(buffer);
                var pending = Interlocked.Exchange(ref _pending[id], null);
                if (pending is null)
                {
                    _relay._counters.UnmatchedReply();
                    continue;
                }

                BinaryPrimitives.WriteUInt16BigEndian(buffer, pending.Id);
                _relay.Reply(buffer.AsSpan(0, length), pending.Client);
            }
        }

        public void Dispose() => _socket.Dispose();
    }
}
