using System.Threading;

namespace ATTR35.Bench.DnsDelayProxy;

/// <summary>What the proxy has seen, read by the benchmark from the state file.</summary>
internal sealed class Counters
{
    private long _udpQueries;
    private long _tcpQueries;
    private long _udpReplies;
    private long _unmatchedReplies;
    private long _heldTicks;
    private long _held;
    private long _dropped;
    private long _duplicated;
    private long _late;
    private long _questions;
    private long _retransmitted;
    private readonly long[] _gaps = new long[GapBoundsMs.Length + 1];

    /// <summary>
    /// Upper bounds (ms) of the buckets counting how long after a question's first copy its second
    /// came: the client's first retransmission interval, as the network sees it.
    /// </summary>
    public static readonly int[] GapBoundsMs = { 100, 250, 500, 1000 };

    public long UdpQueries => Interlocked.Read(ref _udpQueries);
    public long TcpQueries => Interlocked.Read(ref _tcpQueries);
    public long UdpReplies => Interlocked.Read(ref _udpReplies);
    public long UnmatchedReplies => Interlocked.Read(ref _unmatchedReplies);
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Duplicated => Interlocked.Read(ref _duplicated);
    public long LateReplies => Interlocked.Read(ref _late);

    /// <summary>Distinct questions (name, type, class) seen over UDP.</summary>
    public long Questions => Interlocked.Read(ref _questions);

    /// <summary>Questions that came more than once.</summary>
    public long Retransmitted => Interlocked.Read(ref _retransmitted);

    /// <summary>Second copies by the time since the first: under 100, 250, 500, 1000 ms, and later.</summary>
    public long[] SecondCopyAfterMs
    {
        get
        {
            var copy = new long[_gaps.Length];
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = Interlocked.Read(ref _gaps[i]);
            }

            return copy;
        }
    }

    /// <summary>The mean time a query was actually held, in Stopwatch ticks (the delay as delivered).</summary>
    public double MeanHeldTicks
    {
        get
        {
            long held = Interlocked.Read(ref _held);
            return held == 0 ? 0 : (double)Interlocked.Read(ref _heldTicks) / held;
        }
    }

    public void UdpQuery() => Interlocked.Increment(ref _udpQueries);

    public void TcpQuery() => Interlocked.Increment(ref _tcpQueries);

    public void UdpReply() => Interlocked.Increment(ref _udpReplies);

    public void UnmatchedReply() => Interlocked.Increment(ref _unmatchedReplies);

    public void Drop() => Interlocked.Increment(ref _dropped);

    public void Duplicate() => Interlocked.Increment(ref _duplicated);

    public void LateReply() => Interlocked.Increment(ref _late);

    public void Question() => Interlocked.Increment(ref _questions);

    public void SecondCopy(double milliseconds)
    {
        Interlocked.Increment(ref _retransmitted);
        int bucket = 0;
        while (bucket < GapBoundsMs.Length && milliseconds >= GapBoundsMs[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _gaps[bucket]);
    }

    public void Held(long ticks)
    {
        Interlocked.Add(ref _heldTicks, ticks);
        Interlocked.Increment(ref _held);
    }
}
