using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace ATTR35.Bench.DnsDelayProxy;

/// <summary>
/// Holds items for a fixed delay and hands them on in arrival order. A fixed delay means items
/// fall due in the order they arrive, so one FIFO queue and one thread replace a timer per
/// packet: nothing waits behind anything but its own due time.
/// </summary>
internal sealed class DelayLine<T> : IDisposable
{
    private static readonly long s_halfMillisecond = Stopwatch.Frequency / 2000;

    private readonly ConcurrentQueue<(long Due, long Arrived, T Item)> _queue = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly long _delayTicks;
    private readonly Action<T> _deliver;
    private readonly Counters? _counters;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public DelayLine(TimeSpan delay, Action<T> deliver, Counters? counters)
    {
        _delayTicks = (long)(delay.TotalSeconds * Stopwatch.Frequency);
        _deliver = deliver;
        _counters = counters;
        _thread = new Thread(Run) { IsBackground = true, Name = "delay line" };
        _thread.Start();
    }

    public void Add(T item)
    {
        long now = Stopwatch.GetTimestamp();
        _queue.Enqueue((now + _delayTicks, now, item));
        _arrived.Release();
    }

    private void Run()
    {
        while (!_stopping)
        {
            _arrived.Wait();
            if (!_queue.TryPeek(out var head))
            {
                continue;
            }

            // Sleep to the due time, rounded to the millisecond, and never spin: on a two-core
            // machine a spinning proxy would take a core from the client and the server it sits
            // between. Each query is held for the delay give or take half a millisecond; the
            // benchmark reports the mean it actually held.
            long wait = head.Due - Stopwatch.GetTimestamp();
            while (wait > s_halfMillisecond)
            {
                Thread.Sleep((int)Math.Max(1, (wait + s_halfMillisecond) * 1000 / Stopwatch.Frequency));
                wait = head.Due - Stopwatch.GetTimestamp();
            }

            _queue.TryDequeue(out var item);
            _counters?.Held(Stopwatch.GetTimestamp() - item.Arrived);
            _deliver(item.Item);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _arrived.Release();
    }
}
