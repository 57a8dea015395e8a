using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.FaultServer.Dns;

/// <summary>
/// The scripted DNS server: one UDP socket and one TCP listener on the same port per scenario,
/// for the DNS faults BIND will not produce on demand. Scenarios that need real data (slow,
/// truncated, recorder) pass the query on to the lab's BIND server (<c>--upstream</c>) and change
/// only how or when the answer comes back.
/// </summary>
internal sealed class DnsFaultServer
{
    /// <summary>Every scenario, in the order the state file lists them.</summary>
    public static readonly string[] Names =
    [
        "silent", "servfail", "refused", "notimp", "slow", "truncated", "truncnotcp", "othername",
        "otherquestion", "wrongid", "garbage", "malformed", "hostilemx", "recorder",
    ];

    /// <summary>How long <c>slow</c> holds each answer: more than a third of a 3 s timeout, less than all of it.</summary>
    public static readonly TimeSpan SlowDelay = TimeSpan.FromMilliseconds(1500);

    private const string OtherName = "other.invalid";
    private static readonly TimeSpan s_upstreamTimeout = TimeSpan.FromSeconds(5);

    private readonly IPAddress _address;
    private readonly IPEndPoint _upstream;
    private readonly string _recorderPath;
    private readonly object _recorderGate = new();
    private readonly List<ScriptedDnsServer> _servers = new();

    public DnsFaultServer(IPAddress address, IPEndPoint upstream, string recorderPath)
    {
        _address = address;
        _upstream = upstream;
        _recorderPath = recorderPath;
        File.WriteAllText(_recorderPath, string.Empty);
    }

    /// <summary>Starts every scenario (UDP and TCP on one port each, the library's <see cref="ScriptedDnsServer"/>); returns the port of each.</summary>
    public List<(string Scenario, int Port)> Start()
    {
        var ports = new List<(string, int)>();
        foreach (string scenario in Names)
        {
            var server = new ScriptedDnsServer(_address, exchange => AnswerAsync(scenario, exchange), tcp: true);
            _servers.Add(server);
            ports.Add((scenario, server.EndPoint.Port));
        }

        return ports;
    }

    /// <summary>Closes every socket.</summary>
    public void Stop()
    {
        foreach (ScriptedDnsServer server in _servers)
        {
            server.Dispose();
        }
    }

    private Task<byte[]?> AnswerAsync(string scenario, DnsExchange exchange)
    {
        if (scenario == "truncnotcp" && exchange.Tcp)
        {
            // The fallback a truncated answer asks for is not there.
            exchange.CloseTcp = true;
            return Task.FromResult<byte[]?>(null);
        }

        return AnswerAsync(scenario, exchange.Query, exchange.Tcp, exchange.Stop);
    }

    // Null: no answer at all (the client times out).
    private async Task<byte[]?> AnswerAsync(string scenario, byte[] query, bool tcp, CancellationToken cancellation)
    {
        DnsQuestion? question = DnsQuestion.TryParse(query, query.Length);
        if (question is null)
        {
            return null;
        }

        switch (scenario)
        {
            case "silent":
                return null;
            case "servfail":
                return DnsResponse.Build(question, DnsResponse.ServerFailure);
            case "refused":
                return DnsResponse.Build(question, DnsResponse.Refused);
            case "notimp":
                return DnsResponse.Build(question, DnsResponse.NotImplemented);
            case "slow":
                await Task.Delay(SlowDelay, cancellation);
                return await ForwardAsync(query, tcp, cancellation);
            case "truncated":
            case "truncnotcp":
                return tcp ? await ForwardAsync(query, tcp: true, cancellation) : DnsResponse.Build(question, DnsResponse.NoError, truncated: true);
            case "othername":
                return DnsResponse.Build(question, DnsResponse.NoError, answers: Records(OtherName, question.Type));
            case "otherquestion":
                return DnsResponse.Build(question, DnsResponse.NoError, answers: Records(OtherName, question.Type),
                    question: DnsResponse.Question(OtherName, question.Type));
            case "wrongid":
                byte[]? real = await ForwardAsync(query, tcp, cancellation);
                if (real is not null)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(real, (ushort)(question.Id ^ 0x5A5A));
                }

                return real;
            case "garbage":
                byte[] garbage = new byte[64];
                new Random(question.Id).NextBytes(garbage);
                BinaryPrimitives.WriteUInt16BigEndian(garbage, question.Id);
                return garbage;
            case "malformed":
                // The header promises five answers that never come.
                return DnsResponse.Build(question, DnsResponse.NoError, claimedAnswers: 5);
            case "hostilemx":
                // An MX target whose labels hold CR LF, an escape sequence and a NUL; it has no address.
                return question.Type == 15
                    ? DnsResponse.Build(question, DnsResponse.NoError, answers: new[]
                    {
                        DnsResponse.MxWithRawTarget(Owner(question), new[] { "cr\r\nQUIT"u8.ToArray(), "\u001b[31mred"u8.ToArray(), "nul\0"u8.ToArray(), "example"u8.ToArray() }),
                    })
                    : DnsResponse.Build(question, DnsResponse.NameError);
            case "recorder":
                Record(question, tcp);
                return await ForwardAsync(query, tcp, cancellation);
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "unknown DNS scenario");
        }
    }

    private static string Owner(DnsQuestion question) => string.Join(".", System.Linq.Enumerable.Select(question.Labels, l => Encoding.ASCII.GetString(l)));

    private static IReadOnlyList<byte[]> Records(string owner, ushort type)
    {
        byte[]? record = DnsResponse.Record(owner, type);
        return record is null ? Array.Empty<byte[]>() : new[] { record };
    }

    private void Record(DnsQuestion question, bool tcp)
    {
        string line = $"{(tcp ? "tcp" : "udp")} {question.Type} {question.EscapedName}";
        lock (_recorderGate)
        {
            File.AppendAllText(_recorderPath, line + "\n", Encoding.ASCII);
        }
    }

    private async Task<byte[]?> ForwardAsync(byte[] query, bool tcp, CancellationToken cancellation)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        bounded.CancelAfter(s_upstreamTimeout);
        if (tcp)
        {
            using var upstream = new TcpClient(_upstream.AddressFamily);
            await upstream.ConnectAsync(_upstream, bounded.Token);
            NetworkStream stream = upstream.GetStream();
            await WriteFramedAsync(stream, query, bounded.Token);
            return await ReadFramedAsync(stream, bounded.Token);
        }

        using var udp = new Socket(_upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await udp.ConnectAsync(_upstream, bounded.Token);
        await udp.SendAsync(query, SocketFlags.None, bounded.Token);
        byte[] buffer = new byte[65536];
        int length = await udp.ReceiveAsync(buffer, SocketFlags.None, bounded.Token);
        return buffer.AsSpan(0, length).ToArray();
    }

    private static async Task<byte[]?> ReadFramedAsync(Stream stream, CancellationToken cancellation)
    {
        byte[] prefix = new byte[2];
        if (!await ReadExactlyOrEndAsync(stream, prefix, cancellation))
        {
            return null;
        }

        byte[] message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        return await ReadExactlyOrEndAsync(stream, message, cancellation) ? message : null;
    }

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer, CancellationToken cancellation)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellation);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    private static async Task WriteFramedAsync(Stream stream, byte[] message, CancellationToken cancellation)
    {
        byte[] framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        await stream.WriteAsync(framed, cancellation);
    }
}
