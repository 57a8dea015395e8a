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

    public long UdpQueries => Interlocked.Read(ref _udpQueries);
    public long TcpQueries => Interlocked.Read(ref _tcpQueries);
    public long UdpReplies => Interlocked.Read(ref _udpReplies);
    public long UnmatchedReplies => Interlocked.Read(ref _unmatchedReplies);

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

    public void Held(long ticks)
    {
        Interlocked.Add(ref _heldTicks, ticks);
        Interlocked.Increment(ref _held);
    }
}
