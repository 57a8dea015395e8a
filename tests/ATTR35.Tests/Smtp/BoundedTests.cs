using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Smtp;
using Xunit;

namespace ATTR35.Tests.Smtp;

public class BoundedTests
{
    [Fact]
    public async Task A_quick_operation_returns_its_result_without_abort()
    {
        var aborted = false;
        var result = await Bounded.RunAsync(_ => Task.FromResult(42), TimeSpan.FromSeconds(5), () => aborted = true, CancellationToken.None);
        Assert.Equal(42, result);
        Assert.False(aborted);
    }

    [Fact]
    public async Task Exceptions_of_the_operation_pass_through()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Bounded.RunAsync<int>(_ => throw new InvalidOperationException(), TimeSpan.FromSeconds(5), () => { }, CancellationToken.None));
    }

    [Fact]
    public async Task An_operation_that_ignores_everything_is_abandoned_at_the_deadline()
    {
        var never = new TaskCompletionSource<int>();
        var aborted = 0;
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutException>(() =>
            Bounded.RunAsync(_ => never.Task, TimeSpan.FromMilliseconds(200), () => Interlocked.Increment(ref aborted), CancellationToken.None));
        Assert.Equal(1, aborted);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_is_reported_as_cancellation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var aborted = false;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Bounded.RunAsync(t => Task.Delay(Timeout.Infinite, t), TimeSpan.FromSeconds(30), () => aborted = true, cts.Token));
        Assert.True(aborted);
    }

    [Fact]
    public async Task A_throwing_abort_does_not_replace_the_timeout()
    {
        await Assert.ThrowsAsync<TimeoutException>(() =>
            Bounded.RunAsync(t => Task.Delay(Timeout.Infinite, t), TimeSpan.FromMilliseconds(100), () => throw new ObjectDisposedException("x"), CancellationToken.None));
    }
}
