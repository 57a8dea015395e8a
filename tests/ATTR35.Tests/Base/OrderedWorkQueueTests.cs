using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Base;
using Xunit;

namespace ATTR35.Tests.Base;

public class OrderedWorkQueueTests
{
    // The cmdlet's loop, as CommandBase runs it: take what is ready, add while there is room, else wait.
    private static List<OrderedWorkQueue<int>.Completed> Run(OrderedWorkQueue<int> queue, int count, Func<int, CancellationToken, Task<int>> work)
    {
        var taken = new List<OrderedWorkQueue<int>.Completed>();
        for (var i = 0; i < count; i++)
        {
            while (true)
            {
                while (queue.TryTake(out var done))
                {
                    taken.Add(done);
                }

                if (queue.HasRoom)
                {
                    break;
                }

                queue.Wait();
            }

            var n = i;
            queue.Add(ct => work(n, ct), n);
        }

        while (queue.Count > 0)
        {
            while (queue.TryTake(out var done))
            {
                taken.Add(done);
            }

            if (queue.Count > 0)
            {
                queue.Wait();
            }
        }

        return taken;
    }

    [Fact]
    public void Results_come_back_in_input_order_whatever_order_they_finish_in()
    {
        using var queue = new OrderedWorkQueue<int>(8, 64, CancellationToken.None);
        var taken = Run(queue, 200, async (n, ct) =>
        {
            // Later items finish first: every tenth waits, the others return at once.
            await Task.Delay(n % 10 == 0 ? 30 : 0, ct);
            return n * 2;
        });

        Assert.Equal(200, taken.Count);
        for (var i = 0; i < taken.Count; i++)
        {
            Assert.Equal(i, taken[i].Input);
            Assert.Equal(i * 2, taken[i].Result);
            Assert.Null(taken[i].Error);
        }
    }

    [Fact]
    public void No_more_than_the_throttle_limit_run_at_once()
    {
        using var queue = new OrderedWorkQueue<int>(4, 1024, CancellationToken.None);
        var running = 0;
        var most = 0;
        Run(queue, 100, async (n, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(2, ct);
            Interlocked.Decrement(ref running);
            return n;
        });

        Assert.InRange(most, 2, 4);
    }

    [Fact]
    public void A_slow_item_holds_one_slot_and_its_followers_wait_finished_within_the_window()
    {
        using var release = new ManualResetEventSlim(false);
        using var queue = new OrderedWorkQueue<int>(2, 16, CancellationToken.None);
        queue.Add(ct => Task.Run(() => { release.Wait(ct); return 0; }, ct), 0);
        var added = 1;
        while (queue.HasRoom)
        {
            var n = added++;
            queue.Add(ct => Task.FromResult(n), n);
            while (queue.Running > 1)
            {
                queue.Wait();
            }
        }

        // The window, not the throttle, stopped the adding: 15 finished followers wait for item 0.
        Assert.Equal(16, queue.Count);
        Assert.Equal(1, queue.Running);
        Assert.False(queue.TryTake(out _));
        release.Set();
        var order = new List<object?>();
        while (queue.Count > 0)
        {
            if (queue.TryTake(out var done))
            {
                order.Add(done.Input);
            }
            else
            {
                queue.Wait();
            }
        }

        Assert.Equal(0, order[0]);
        Assert.Equal(16, order.Count);
    }

    [Fact]
    public void An_exception_in_one_item_is_that_item_s_result_and_the_others_go_on()
    {
        using var queue = new OrderedWorkQueue<int>(4, 64, CancellationToken.None);
        var taken = Run(queue, 20, async (n, ct) =>
        {
            await Task.Yield();
            if (n == 7)
            {
                throw new InvalidOperationException("item 7 broke");
            }

            return n;
        });

        Assert.Equal(20, taken.Count);
        Assert.Equal("item 7 broke", Assert.IsType<InvalidOperationException>(taken[7].Error).Message);
        Assert.False(taken[7].Canceled);
        Assert.All(taken, t => Assert.True(t.Error is null || (int)t.Input! == 7));
        Assert.Equal(19, taken[19].Result);
    }

    [Fact]
    public void A_synchronous_throw_is_caught_too()
    {
        using var queue = new OrderedWorkQueue<int>(2, 8, CancellationToken.None);
        var taken = Run(queue, 3, (n, ct) => n == 1 ? throw new FormatException("sync") : Task.FromResult(n));
        Assert.IsType<FormatException>(taken[1].Error);
        Assert.Equal(2, taken[2].Result);
    }

    [Fact]
    public async Task Cancellation_reaches_the_running_work_and_ends_the_wait()
    {
        using var stop = new CancellationTokenSource();
        using var queue = new OrderedWorkQueue<int>(2, 8, stop.Token);
        var started = new CountdownEvent(2);
        for (var i = 0; i < 2; i++)
        {
            queue.Add(async ct =>
            {
                started.Signal();
                await Task.Delay(Timeout.Infinite, ct);
                return 0;
            }, i);
        }

        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        Assert.False(queue.HasRoom);
        var waiter = Task.Run(() => Assert.Throws<OperationCanceledException>(() => queue.Wait()));
        stop.Cancel();
        await waiter.WaitAsync(TimeSpan.FromSeconds(10));
        while (queue.Running > 0)
        {
            Thread.Sleep(1);
        }

        Assert.True(queue.TryTake(out var first));
        Assert.True(first.Canceled);
        Assert.True(queue.TryTake(out var second));
        Assert.True(second.Canceled);
    }

    [Fact]
    public void Work_added_after_cancellation_never_starts()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        using var queue = new OrderedWorkQueue<int>(1, 8, stop.Token);
        var ran = false;
        queue.Add(ct => { ran = true; return Task.FromResult(1); }, "x");
        while (queue.Running > 0)
        {
            Thread.Sleep(1);
        }

        Assert.True(queue.TryTake(out var item));
        Assert.True(item.Canceled);
        Assert.False(ran);
    }

    [Fact]
    public void Items_added_done_are_taken_in_their_turn()
    {
        using var gate = new ManualResetEventSlim(false);
        using var queue = new OrderedWorkQueue<int>(2, 8, CancellationToken.None);
        queue.Add(ct => Task.Run(() => { gate.Wait(ct); return 1; }, ct), "first");
        queue.AddDone("an error record", "second");
        Assert.False(queue.TryTake(out _));
        gate.Set();
        while (queue.Running > 0)
        {
            queue.Wait();
        }

        Assert.True(queue.TryTake(out var a));
        Assert.Equal(1, a.Result);
        Assert.True(queue.TryTake(out var b));
        Assert.True(b.IsValue);
        Assert.Equal("an error record", b.Value);
        Assert.Equal("second", b.Input);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
