using System;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.Smtp;

/// <summary>
/// Runs one network operation under a deadline and the caller's cancellation token. On
/// netstandard2.0 (Windows PowerShell's .NET Framework) socket and SslStream reads ignore
/// cancellation tokens, so when the deadline passes the operation is aborted by closing the
/// connection (the <c>abort</c> callback), and the caller stops waiting for it either way: a
/// stream that ignores even that can never hold the probe past its deadline.
/// </summary>
internal static class Bounded
{
    /// <summary>
    /// Runs <paramref name="operation"/>; throws <see cref="TimeoutException"/> when
    /// <paramref name="timeout"/> passes first and <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> is cancelled first. In both cases
    /// <paramref name="abort"/> has been called and the connection is no longer usable.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, TimeSpan timeout, Action abort, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var aborted = 0;
        void AbortOnce()
        {
            if (Interlocked.Exchange(ref aborted, 1) == 1)
            {
                return;
            }

            try
            {
                abort();
            }
            catch (Exception)
            {
                // Closing a connection that is already broken may throw; the probe is over anyway.
            }
        }

        var stopWaiting = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = deadline.Token.Register(() =>
        {
            stopWaiting.TrySetResult(true);
            AbortOnce();
        });

        Task<T> task;
        try
        {
            deadline.CancelAfter(timeout);
            try
            {
                task = operation(deadline.Token);
            }
            catch (Exception ex)
            {
                task = Task.FromException<T>(ex);
            }

            if (!task.IsCompleted)
            {
                await Task.WhenAny(task, stopWaiting.Task).ConfigureAwait(false);
            }
        }
        finally
        {
            registration.Dispose();
        }

        // The deadline (or the caller) decides, not which callback ran first: an operation that
        // honours the token can finish cancelled before ours has run (Mono calls its
        // registration, made later, first). So the connection is closed here too when the
        // callback has not closed it yet.
        var finishedInTime = task.Status == TaskStatus.RanToCompletion && Volatile.Read(ref aborted) == 0;
        if (!finishedInTime && deadline.IsCancellationRequested)
        {
            AbortOnce();
            Observe(task);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException();
        }

        return await task.ConfigureAwait(false);
    }

    /// <summary>Runs an operation without a result under the same rules.</summary>
    public static Task RunAsync(Func<CancellationToken, Task> operation, TimeSpan timeout, Action abort, CancellationToken cancellationToken) =>
        RunAsync(
            async token =>
            {
                await operation(token).ConfigureAwait(false);
                return true;
            },
            timeout,
            abort,
            cancellationToken);

    // An abandoned operation fails later (ObjectDisposedException); observing it keeps that out
    // of TaskScheduler.UnobservedTaskException.
    private static void Observe(Task task) =>
        task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
