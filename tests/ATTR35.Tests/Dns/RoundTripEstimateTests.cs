using System;
using ATTR35.DnsClientAdapter;
using Xunit;

namespace ATTR35.Tests.Dns;

public class RoundTripEstimateTests
{
    private static readonly TimeSpan s_ceiling = TimeSpan.FromMilliseconds(500);

    [Fact]
    public void Keeps_the_fixed_schedule_until_a_few_round_trips_are_measured()
    {
        var estimate = new RoundTripEstimate();
        Assert.Equal(s_ceiling, estimate.FirstInterval(s_ceiling));
        for (var i = 1; i < RoundTripEstimate.SamplesBeforeUse; i++)
        {
            estimate.Add(TimeSpan.FromMilliseconds(1));
            Assert.Equal(s_ceiling, estimate.FirstInterval(s_ceiling));
        }

        estimate.Add(TimeSpan.FromMilliseconds(1));
        Assert.True(estimate.FirstInterval(s_ceiling) < s_ceiling);
    }

    [Fact]
    public void A_fast_server_is_asked_again_after_the_floor()
    {
        var estimate = new RoundTripEstimate();
        for (var i = 0; i < 20; i++)
        {
            estimate.Add(TimeSpan.FromMilliseconds(0.4));
        }

        Assert.Equal(RoundTripEstimate.Floor, estimate.FirstInterval(s_ceiling));
    }

    [Fact]
    public void Follows_the_round_trip_and_its_variation_as_RFC_6298_does()
    {
        // SRTT = R, RTTVAR = R/2 after the first sample; then RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R|
        // and SRTT = 7/8 SRTT + 1/8 R. With 100 ms every time: SRTT 100, RTTVAR 50 * (3/4)^(n-1).
        var estimate = new RoundTripEstimate();
        for (var i = 0; i < 3; i++)
        {
            estimate.Add(TimeSpan.FromMilliseconds(100));
        }

        // RTTVAR = 50 * 9/16 = 28.125 ms; RTO = 100 + 4 * 28.125 = 212.5 ms.
        Assert.Equal(212.5, estimate.FirstInterval(s_ceiling).TotalMilliseconds, 3);
    }

    [Fact]
    public void A_slow_server_raises_the_interval_up_to_the_fixed_schedule_and_no_further()
    {
        var estimate = new RoundTripEstimate();
        for (var i = 0; i < 10; i++)
        {
            estimate.Add(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(RoundTripEstimate.Floor, estimate.FirstInterval(s_ceiling));

        // One answer held 800 ms: the deviation jumps, and the interval with it.
        estimate.Add(TimeSpan.FromMilliseconds(800));
        Assert.Equal(s_ceiling, estimate.FirstInterval(s_ceiling));

        // SRTT = (7 x 1 + 800) / 8 = 100.9 ms, RTTVAR = about 800 / 4 = 200 ms: RTO about 900 ms.
        Assert.InRange(estimate.FirstInterval(TimeSpan.FromSeconds(1)).TotalMilliseconds, 850, 950);
    }

    [Fact]
    public void Never_below_a_ceiling_under_the_floor()
    {
        var estimate = new RoundTripEstimate();
        for (var i = 0; i < 5; i++)
        {
            estimate.Add(TimeSpan.Zero);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(20), estimate.FirstInterval(TimeSpan.FromMilliseconds(20)));
    }
}
