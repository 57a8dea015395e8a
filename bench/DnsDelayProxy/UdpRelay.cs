using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace ATTR35.Bench.DnsDelayProxy;

/// <summary>
/// DNS over UDP: queries from any client go upstream, after the delay, from a few sockets of the
/// proxy's own, each query under a fresh message ID that maps back to its client and original
/// ID; replies go straight back. Blocking sockets on dedicated threads: the simplest fast path.
/// With faults configured it plays a lossy network: it drops a share of the queries, sends a share
/// of the answers twice and holds a share of them longer, and it notes when each question's
/// second copy arrives, so a client's retransmission timing can be read off the state file.
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
    private readonly DelayLine<(byte[] Message, SocketAddress Client)>? _late;
    private readonly ProxyOptions _options;
    private readonly Random _dice;
    private readonly Dictionary<string, (long First, int Copies, long Index)> _seen = new(StringComparer.Ordinal);
    private int _next;

    public UdpRelay(ProxyOptions options, Counters counters)
    {
        _counters = counters;
        _options = options;
        _dice = new Random(options.Seed);
        _listener = new Socket(options.Listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _listener.ReceiveBufferSize = SocketBuffer;
        _listener.SendBufferSize = SocketBuffer;
        _listener.Bind(options.Listen);
        _upstreams = new Upstream[UpstreamSockets];
        for (int i = 0; i < _upstreams.Length; i++)
        {
            _upstreams[i] = new Upstream(this, options.Upstream, new Random(options.Seed + 1 + i));
        }

        _delay = options.Delay > TimeSpan.Zero ? new DelayLine<Query>(options.Delay, Forward, counters) : null;
        _late = options.LateRate > 0 ? new DelayLine<(byte[], SocketAddress)>(options.Late, r => Reply(r.Item1, r.Item2), null) : null;
    }

    /// <summary>Where the proxy listens (the port the system chose when asked for 0).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndPoint!;

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
            bool clean = true;
            if (_options.Lossy)
            {
                long question = NoteCopy(buffer.AsSpan(0, length), out bool first);
                clean = question <= _options.CleanFirst;
                if (!clean && ((_options.DropFirstCopy && first) || (_options.DropRate > 0 && _dice.NextDouble() < _options.DropRate)))
                {
                    _counters.Drop();
                    continue;
                }
            }

            var client = new SocketAddress(from.Family, from.Size);
            from.Buffer.Span.Slice(0, from.Size).CopyTo(client.Buffer.Span);
            var query = new Query(buffer.AsSpan(0, length).ToArray(), client, clean);
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

    // The question (name, type, class), case-folded: copies of one question share it whatever
    // their message IDs. Returns the question's number (from 1, in order of first arrival); first
    // is true for its first copy. Called by the receiving thread only.
    private long NoteCopy(ReadOnlySpan<byte> message, out bool first)
    {
        var end = 12;
        while (end < message.Length && message[end] != 0 && (message[end] & 0xC0) == 0)
        {
            end += message[end] + 1;
        }

        end = Math.Min(message.Length, end + 5);
        var key = System.Text.Encoding.Latin1.GetString(message.Slice(12, Math.Max(0, end - 12))).ToLowerInvariant();
        long now = Stopwatch.GetTimestamp();
        first = !_seen.TryGetValue(key, out var seen);
        if (first)
        {
            seen = (now, 0, _seen.Count + 1);
            _counters.Question();
        }
        else if (seen.Copies == 1)
        {
            _counters.SecondCopy((now - seen.First) * 1000.0 / Stopwatch.Frequency);
        }

        _seen[key] = (seen.First, seen.Copies + 1, seen.Index);
        return seen.Index;
    }

    // An answer on its way back: held longer, sent twice, or sent as it is. Called by the
    // upstream receiving threads, each with its own dice.
    private void Answer(ReadOnlySpan<byte> message, SocketAddress client, bool clean, Random dice)
    {
        if (clean)
        {
            Reply(message, client);
            return;
        }

        if (_late is not null && dice.NextDouble() < _options.LateRate)
        {
            _counters.LateReply();
            _late.Add((message.ToArray(), client));
            return;
        }

        Reply(message, client);
        if (_options.DuplicateRate > 0 && dice.NextDouble() < _options.DuplicateRate)
        {
            _counters.Duplicate();
            Reply(message, client);
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
        _late?.Dispose();
        _listener.Dispose();
        foreach (var upstream in _upstreams)
        {
            upstream.Dispose();
        }
    }

    private sealed record Query(byte[] Message, SocketAddress Client, bool Clean);

    private sealed class Pending
    {
        public Pending(SocketAddress client, ushort id, bool clean)
        {
            Client = client;
            Id = id;
            Clean = clean;
        }

        public SocketAddress Client { get; }
        public ushort Id { get; }
        public bool Clean { get; }
    }

    private sealed class Upstream : IDisposable
    {
        private readonly UdpRelay _relay;
        private readonly Socket _socket;
        private readonly Pending?[] _pending = new Pending?[65536];
        private readonly Random _dice;
        private ushort _nextId;

        public Upstream(UdpRelay relay, IPEndPoint server, Random dice)
        {
            _relay = relay;
            _dice = dice;
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
            Volatile.Write(ref _pending[id], new Pending(query.Client, original, query.Clean));
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
                _relay.Answer(buffer.AsSpan(0, length), pending.Client, pending.Clean, _dice);
            }
        }

        public void Dispose() => _socket.Dispose();
    }
}
