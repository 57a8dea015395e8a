using System.Threading;

namespace ATTR35.FaultServer;

/// <summary>One DNS message a <see cref="ScriptedDnsServer"/> received, as its script sees it.</summary>
public sealed class DnsExchange
{
    internal DnsExchange(byte[] query, int number, bool tcp, string? name, int type, CancellationToken stop)
    {
        Query = query;
        Number = number;
        Tcp = tcp;
        Name = name;
        Type = type;
        Stop = stop;
    }

    /// <summary>The message as it arrived (without the TCP length prefix).</summary>
    public byte[] Query { get; }

    /// <summary>Its place among every message the server received, from 1, retransmissions included.</summary>
    public int Number { get; }

    /// <summary>True when it came over TCP.</summary>
    public bool Tcp { get; }

    /// <summary>The question's name in lower case without the trailing dot, or null when the message has no readable question.</summary>
    public string? Name { get; }

    /// <summary>The question's record type (1 A, 15 MX, 28 AAAA, ...), or -1 without a readable question.</summary>
    public int Type { get; }

    /// <summary>Cancelled when the server is disposed.</summary>
    public CancellationToken Stop { get; }

    /// <summary>Set by a script to close a TCP connection instead of answering (a fallback that is not there).</summary>
    public bool CloseTcp { get; set; }

    /// <summary>The offset just past the question (name, type and class), or -1 without a readable question.</summary>
    public int QuestionEnd => DnsWire.QuestionEnd(Query);
}
