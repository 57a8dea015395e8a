using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.Base;

/// <summary>
/// Runs up to a throttle limit of items at once and hands them back in the order they were
/// added: the ordered, bounded, cancellable pipeline behind every cmdlet, as a plain class (no
/// PowerShell) so it is tested on its own. One thread (the cmdlet's pipeline thread) adds and
/// takes; the work runs on the thread pool.
/// </summary>
/// <remarks>
/// Items in flight and items finished but waiting for an earlier one are counted apart: a slow
/// item (a silent SMTP server, a lost datagram) holds one slot, not the whole window, so the other
/// slots go on while its followers wait, finished, in a reorder buffer of at most
/// <see cref="ReorderWindow"/> items. Memory stays flat however long the input: nothing beyond
/// that window is taken in. The hand-off costs one small object per item and no Task of its own:
/// the work's own task reports completion, and the taking thread sleeps on an event until a
/// completion or <see cref="Wake"/> (never a timed poll). A completion signals the event only
/// while the taker sleeps, and the taker blocks without spinning: measured at 64 in flight, one
/// semaphore release per result and the semaphore's spin before it blocks took about 5 % of the
/// process's CPU on two cores, a core the DNS work wanted.
/// </remarks>
/// <typeparam name="T">What one item's work produces.</typeparam>
internal sealed class OrderedWorkQueue<T> : IDisposable
{
    private static readonly WaitCallback s_start = state => ((Entry)state!).Start();

    private readonly Queue<Entry> _entries = new();
    private readonly ManualResetEventSlim _signal = new(false, spinCount: 0);
    private readonly CancellationToken _stop;
    private int _running;

    // Completions and wakes so far, and how many the taker had seen when it last returned from
    // Wait; _sleeping is 1 while the taker may be blocked on _signal. Whichever of the taker
    // (sets _sleeping, then reads _events) and a completer (bumps _events, then reads _sleeping)
    // comes second sees the other's write: both are interlocked, so no wake is lost.
    private int _events;
    private int _seen;
    private int _sleeping;
    private bool _disposed;

    /// <summary>Creates a queue; <paramref name="stop"/> cancels every item's work and every wait.</summary>
    public OrderedWorkQueue(int throttleLimit, int reorderWindow, CancellationToken stop)
    {
        if (throttleLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttleLimit, "At least one item must be able to run.");
        }

        ThrottleLimit = throttleLimit;
        ReorderWindow = Math.Max(reorderWindow, throttleLimit);
        _stop = stop;
    }

    /// <summary>How many items run at once at most.</summary>
    public int ThrottleLimit { get; }

    /// <summary>How many items may be in the queue at most, running or finished and waiting their turn.</summary>
    public int ReorderWindow { get; }

    /// <summary>How many items are running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>How many items were added and not yet taken.</summary>
    public int Count => _entries.Count;

    /// <summary>True when another item may be added without passing either bound.</summary>
    public bool HasRoom => Running < ThrottleLimit && _entries.Count < ReorderWindow;

    /// <summary>
    /// Starts one item's work on the thread pool, so its synchronous start (building and sending
    /// its first query) runs beside the binding of the next input. Never blocks: the caller waits
    /// for <see cref="HasRoom"/> first.
    /// </summary>
    public void Add(Func<CancellationToken, Task<T>> work, object? input)
    {
        var entry = new Entry(this, work, input);
        Interlocked.Increment(ref _running);
        _entries.Enqueue(entry);
        ThreadPool.UnsafeQueueUserWorkItem(s_start, entry);
    }

    /// <summary>Adds an item that is already done (a per-item error): it is taken in its turn.</summary>
    public void AddDone(object? value, object? input) => _entries.Enqueue(Entry.Done(this, value, input));

    /// <summary>Takes the oldest item when it has finished; false while it runs or when there is none.</summary>
    public bool TryTake(out Completed completed)
    {
        if (_entries.Count > 0 && _entries.Peek().IsCompleted)
        {
            completed = _entries.Dequeue().ToCompleted();
            return true;
        }

        completed = default;
        return false;
    }

    /// <summary>
    /// Sleeps until an item finishes or <see cref="Wake"/> is called; throws
    /// <see cref="OperationCanceledException"/> when the queue's token is cancelled.
    /// </summary>
    public void Wait()
    {
        _signal.Reset();
        Interlocked.Exchange(ref _sleeping, 1);
        var events = Volatile.Read(ref _events);
        if (events == _seen)
        {
            try
            {
                _signal.Wait(_stop);
            }
            finally
            {
                Interlocked.Exchange(ref _sleeping, 0);
            }
        }
        else
        {
            Interlocked.Exchange(ref _sleeping, 0);
        }

        _seen = Volatile.Read(ref _events);

        // Cancelling the token also ends the running work, and its completion sets the event:
        // a wait woken by that would otherwise return as if nothing happened.
        _stop.ThrowIfCancellationRequested();
    }

    /// <summary>Wakes <see cref="Wait"/> from any thread (a verbose message to write, say).</summary>
    public void Wake()
    {
        Interlocked.Increment(ref _events);
        if (Volatile.Read(ref _sleeping) == 0 || Interlocked.Exchange(ref _sleeping, 0) == 0)
        {
            // The taker is busy and will see the new count before it sleeps again.
            return;
        }

        try
        {
            _signal.Set();
        }
        catch (ObjectDisposedException)
        {
            // Work still finishing after the cmdlet ended: nobody is waiting any more.
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _signal.Dispose();
        }
    }

    private void Finished()
    {
        Interlocked.Decrement(ref _running);
        Wake();
    }

    /// <summary>One item taken from the queue.</summary>
    internal readonly struct Completed
    {
        internal Completed(object? input, T? result, object? value, Exception? error, bool canceled)
        {
            Input = input;
            Result = result;
            Value = value;
            Error = error;
            Canceled = canceled;
        }

        /// <summary>What the item was added for (the cmdlet's input).</summary>
        public object? Input { get; }

        /// <summary>The work's result, when it ran to completion.</summary>
        public T? Result { get; }

        /// <summary>The value of an item added done (<see cref="AddDone"/>).</summary>
        public object? Value { get; }

        /// <summary>What the work threw, when it failed.</summary>
        public Exception? Error { get; }

        /// <summary>True when the work was cancelled.</summary>
        public bool Canceled { get; }

        /// <summary>True for an item added done.</summary>
        public bool IsValue => Value is not null;
    }

    private sealed class Entry
    {
        private readonly OrderedWorkQueue<T> _queue;
        private readonly Func<CancellationToken, Task<T>>? _work;
        private readonly object? _input;
        private Task<T>? _task;
        private Exception? _thrown;
        private object? _value;
        private volatile bool _completed;

        public Entry(OrderedWorkQueue<T> queue, Func<CancellationToken, Task<T>>? work, object? input)
        {
            _queue = queue;
            _work = work;
            _input = input;
        }

        public bool IsCompleted => _completed;

        public static Entry Done(OrderedWorkQueue<T> queue, object? value, object? input) =>
            new(queue, null, input) { _value = value, _completed = true };

        public void Start()
        {
            try
            {
                _queue._stop.ThrowIfCancellationRequested();
                _task = _work!(_queue._stop);
            }
            catch (Exception ex)
            {
                _thrown = ex;
                Complete();
                return;
            }

            ConfiguredTaskAwaitable<T>.ConfiguredTaskAwaiter awaiter = _task.ConfigureAwait(false).GetAwaiter();
            if (awaiter.IsCompleted)
            {
                Complete();
            }
            else
            {
                awaiter.UnsafeOnCompleted(Complete);
            }
        }

        public Completed ToCompleted()
        {
            if (_work is null)
            {
                return new Completed(_input, default, _value, null, canceled: false);
            }

            if (_thrown is not null)
            {
                return new Completed(_input, default, null, _thrown, _thrown is OperationCanceledException && _queue._stop.IsCancellationRequested);
            }

            var task = _task!;
            if (task.IsCanceled)
            {
                return new Completed(_input, default, null, null, canceled: true);
            }

            return task.IsFaulted
                ? new Completed(_input, default, null, task.Exception!.GetBaseException(), canceled: false)
                : new Completed(_input, task.GetAwaiter().GetResult(), null, null, canceled: false);
        }

        private void Complete()
        {
            _completed = true;
            _queue.Finished();
        }
    }
}
