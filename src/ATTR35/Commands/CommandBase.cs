using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Base;
using ATTR35.Dns;

namespace ATTR35.Commands;

/// <summary>
/// What every ATTR35 cmdlet shares: -Server, -TimeoutSeconds and -Quiet, the invocation's DNS
/// resolver, and the ordered pipeline (<see cref="OrderedWorkQueue{T}"/>) that checks items
/// concurrently while writing results in input order, with every Write* on the pipeline thread.
/// </summary>
/// <typeparam name="TResult">The result type the cmdlet writes.</typeparam>
public abstract class CommandBase<TResult> : PSCmdlet, IDisposable
    where TResult : class
{
    /// <summary>Default for -TimeoutSeconds.</summary>
    public const int DefaultTimeoutSeconds = 5;

    private readonly CancellationTokenSource _stopping = new();
    private readonly object _resolverGate = new();
    private readonly ConcurrentQueue<string> _log = new();
    private OrderedWorkQueue<TResult>? _queue;
    private PipelineProgress? _progress;
    private DnsResolver? _resolver;
    private bool _verbose;
    private bool _disposed;

    /// <summary>
    /// <para type="description">DNS servers to ask instead of the system's resolvers: 192.0.2.53, 192.0.2.53:5300, [2001:db8::53]:53, 2001:db8::53 or a host name. They are asked in the order given.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ServerCompleter))]
    public string[]? Server { get; set; }

    /// <summary>
    /// <para type="description">The bound on each network operation (one DNS question with its retries, one SMTP step), in seconds. Default 5.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 300)]
    public int TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

    /// <summary>
    /// <para type="description">Write one Boolean per item instead of the result: True for Pass or Warning.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    /// <summary>
    /// The invocation's resolver; available from BeginProcessing on. Created on first use, so a cmdlet
    /// that needs no DNS (Test-InboundConnector without -SendingServer) never loads the DNS dependency.
    /// </summary>
    private protected DnsResolver Resolver
    {
        get
        {
            if (_queue is null)
            {
                throw new InvalidOperationException("BeginProcessing has not run.");
            }

            lock (_resolverGate)
            {
                return _resolver ??= new DnsResolver(ModuleInitializer.Transport, ServerEndpoints, Timeout, _verbose ? Log : null, _stopping.Token);
            }
        }
    }

    /// <summary>The resolved -Server endpoints (empty: system resolvers).</summary>
    protected IReadOnlyList<IPEndPoint> ServerEndpoints { get; private set; } = Array.Empty<IPEndPoint>();

    /// <summary>The per-operation bound.</summary>
    protected TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>How many items are checked at once; one unless the cmdlet offers -ThrottleLimit.</summary>
    protected virtual int Concurrency => 1;

    /// <summary>
    /// How many items may be in flight or finished and waiting for an earlier one: eight times
    /// <see cref="Concurrency"/>, at least 1024. Large enough that a few items stuck for a whole
    /// timeout do not stall the rest; small enough that the results held stay a few megabytes.
    /// </summary>
    protected int ReorderWindow => Math.Max(1024, Concurrency * 8);

    /// <summary>True when the cmdlet's result counts as passing for -Quiet.</summary>
    protected abstract bool IsPassing(TResult result);

    /// <summary>Reads the common parameters and resolves -Server; the resolver is created when first used.</summary>
    protected override void BeginProcessing()
    {
        _verbose = Preferences.IsVerbose(this);
        if (!Quiet && Preferences.IsProgressWanted(this))
        {
            _progress = new PipelineProgress(MyInvocation.MyCommand.Name);
        }

        try
        {
            ServerEndpoints = Block(ServerList.ResolveAsync(Server, Timeout, StopToken));
        }
        catch (ServerListException ex)
        {
            ThrowTerminatingError(ex.Error);
        }

        CompletionHistory.RememberServers(Server);
        _queue = new OrderedWorkQueue<TResult>(Concurrency, ReorderWindow, StopToken);
    }

    /// <summary>Writes every result still in flight.</summary>
    protected override void EndProcessing()
    {
        Pump(drainAll: true);
        if (_progress?.Completed() is { } done)
        {
            WriteProgress(done);
        }
    }

    /// <summary>Cancels all network work.</summary>
    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Queues one item's check; first writes what is ready and, while <see cref="Concurrency"/>
    /// items are in flight or the reorder window is full, waits for a slot.
    /// </summary>
    protected void Submit(Func<CancellationToken, Task<TResult>> work, object? input)
    {
        Pump(drainAll: false);
        _queue!.Add(work, input);
    }

    /// <summary>Queues a per-item error so it is written in input order with the results.</summary>
    protected void SubmitError(ErrorRecord error)
    {
        _queue!.AddDone(error, error.TargetObject);
        Pump(drainAll: false);
    }

    /// <summary>Bad input: see <see cref="InputErrors.InvalidInput"/>.</summary>
    private protected static ErrorRecord InvalidInput(ErrorId errorId, string message, object? target) =>
        InputErrors.InvalidInput(errorId, message, target);

    /// <summary>
    /// Reads an -ExpectedHost value: true with the normalised host (null when none was given), or
    /// false after queueing the InvalidExpectedHost error for this item.
    /// </summary>
    protected bool TryReadExpectedHost(string? value, string? domain, out string? expected)
    {
        if (InputErrors.TryReadExpectedHost(value, domain, out expected, out var error))
        {
            return true;
        }

        SubmitError(error!);
        return false;
    }

    /// <summary>
    /// Waits on the pipeline thread for asynchronous work, in a way Ctrl+C ends at once: the work
    /// takes <see cref="StopToken"/>, and its cancellation stops the pipeline.
    /// </summary>
    protected T Block<T>(Task<T> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Thread-safe -Verbose: queued by any thread, written by the pipeline thread.</summary>
    protected void Log(string message)
    {
        if (_verbose)
        {
            _log.Enqueue(message);
            _queue?.Wake();
        }
    }

    /// <summary>
    /// Writes every finished result at the head of the queue, then returns once there is room
    /// for another item (or, draining, once nothing is left); sleeps until a completion otherwise.
    /// </summary>
    private void Pump(bool drainAll)
    {
        var queue = _queue!;
        while (true)
        {
            FlushLog();
            while (queue.TryTake(out var item))
            {
                Write(item);
            }

            if (_progress?.Due(queue.Running) is { } progress)
            {
                WriteProgress(progress);
            }

            if (queue.Count == 0 || (!drainAll && queue.HasRoom))
            {
                FlushLog();
                return;
            }

            try
            {
                queue.Wait();
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }
    }

    private void FlushLog()
    {
        while (_log.TryDequeue(out var message))
        {
            WriteVerbose(message);
        }
    }

    private void Write(OrderedWorkQueue<TResult>.Completed item)
    {
        if (_progress is not null)
        {
            _progress.Checked++;
        }

        if (item.Value is ErrorRecord error)
        {
            Count(passing: false);
            WriteError(error);
            return;
        }

        if (item.Canceled || _stopping.IsCancellationRequested)
        {
            return;
        }

        if (item.Error is { } ex)
        {
            Count(passing: false);
            WriteError(new ErrorRecord(ex, ErrorIds.CheckFailed.Id, ErrorCategory.NotSpecified, item.Input)
            {
                ErrorDetails = new ErrorDetails($"The check of '{item.Input}' failed unexpectedly: {ex.Message}. The other items were checked; please report this with the input that caused it."),
            });
            return;
        }

        var result = item.Result!;
        CompletionHistory.Remember(result);
        var passing = IsPassing(result);
        Count(passing);
        if (Quiet)
        {
            WriteObject(passing);
        }
        else
        {
            WriteObject(result);
        }
    }

    private void Count(bool passing)
    {
        if (_progress is not null && !passing)
        {
            _progress.Failing++;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stopping.Cancel();
        _stopping.Dispose();
        _queue?.Dispose();
        GC.SuppressFinalize(this);
    }
}
