using System;

namespace ATTR35.DnsClientAdapter;

/// <summary>
/// The round-trip time of one DNS server as TCP estimates it (RFC 6298): a smoothed mean and a
/// mean deviation of measured round trips, and from them the time after which a question that
/// has had no answer is worth sending again. Shared by every question to that server.
/// </summary>
/// <remarks>
/// Every copy of a question goes out under its own message ID and socket, so an answer always
/// says which copy it answers and its round trip is exact, retransmitted or not: Karn's rule
/// (ignore samples from retransmitted segments) is not needed. Only answers give samples; a lost
/// datagram says nothing about the path and leaves the estimate as it is, so a few losses on a
/// fast server do not slow every later question down.
/// </remarks>
internal sealed class RoundTripEstimate
{
    /// <summary>Round trips measured before the estimate is used instead of the fixed schedule.</summary>
    public const int SamplesBeforeUse = 3;

    /// <summary>
    /// Never sooner than this: below it a retransmission more likely races the answer already on
    /// its way than replaces a lost one. A client busy with hundreds of questions on a shared
    /// machine reads its sockets late: with 50 ms, 256 questions in flight behind 20 ms sent 1.7
    /// datagrams per question on a loaded benchmark machine, against 1.2 asked. Recursive
    /// resolvers use the same kind of floor (Unbound: 50 ms, on machines of their own).
    /// </summary>
    public static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(100);

    // RFC 6298 2.3: alpha = 1/8, beta = 1/4, K = 4; G, the clock granularity, is a millisecond.
    private static readonly long s_granularity = TimeSpan.TicksPerMillisecond;

    private readonly object _gate = new();
    private long _smoothed;
    private long _deviation;
    private int _samples;

    /// <summary>How many round trips have been measured.</summary>
    public int Samples
    {
        get
        {
            lock (_gate)
            {
                return _samples;
            }
        }
    }

    /// <summary>Adds one measured round trip.</summary>
    public void Add(TimeSpan roundTrip)
    {
        var r = Math.Max(0, roundTrip.Ticks);
        lock (_gate)
        {
            if (_samples == 0)
            {
                _smoothed = r;
                _deviation = r / 2;
            }
            else
            {
                _deviation = (3 * _deviation + Math.Abs(_smoothed - r)) / 4;
                _smoothed = (7 * _smoothed + r) / 8;
            }

            if (_samples < int.MaxValue)
            {
                _samples++;
            }
        }
    }

    /// <summary>
    /// The first retransmission interval: SRTT + max(G, 4 RTTVAR), never below <see cref="Floor"/>
    /// and never above <paramref name="ceiling"/> (the fixed schedule's, so a server is never
    /// asked again later than it was before the estimate existed). The ceiling itself until
    /// <see cref="SamplesBeforeUse"/> round trips have been measured.
    /// </summary>
    public TimeSpan FirstInterval(TimeSpan ceiling)
    {
        long rto;
        lock (_gate)
        {
            if (_samples < SamplesBeforeUse)
            {
                return ceiling;
            }

            rto = _smoothed + Math.Max(s_granularity, 4 * _deviation);
        }

        var floor = Floor < ceiling ? Floor : ceiling;
        return rto < floor.Ticks ? floor : rto > ceiling.Ticks ? ceiling : TimeSpan.FromTicks(rto);
    }
}
