using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Dns;

namespace ATTR35.Commands;

/// <summary>
/// What the three cmdlets share: the common parameters, DNS set-up, and the ordered pipeline that
/// runs up to <see cref="ThrottleLimit"/> items at once while writing results in input order, with
/// every Write* on the pipeline thread.
/// </summary>
/// <typeparam name="TResult">The result type the cmdlet writes.</typeparam>
public abstract class CheckCommandBase<TResult> : PSCmdlet, IDisposable
    where TResult : class
{
    /// <summary>Default for -ThrottleLimit. See the cmdlet help for why.</summary>
    public const int DefaultThrottleLimit = 32;

    /// <summary>Default for -TimeoutSeconds.</summary>
    public const int DefaultTimeoutSeconds = 5;

    private readonly CancellationTokenSource _stopping = new();
    private readonly object _resolverGate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly ConcurrentQueue<string> _log = new();
    private readonly Queue<Pending> _pending = new();
    private bool _verbose;
    private bool _disposed;
    private bool _begun;
    private DnsResolver? _resolver;

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
    /// <para type="description">How many pipeline items are checked at once. Output keeps input order. Default 32.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

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
    protected DnsResolver Resolver
    {
        get
        {
            if (!_begun)
            {
                throw new InvalidOperationException("BeginProcessing has not run.");
            }

            lock (_resolverGate)
            {
                return _resolver ??= new DnsResolver(ModuleInitializer.Transport, ServerEndpoints, Timeout, _verbose ? Log : null);
            }
        }
    }

    /// <summary>The resolved -Server endpoints (empty: system resolvers).</summary>
    protected IReadOnlyList<IPEndPoint> ServerEndpoints { get; private set; } = Array.Empty<IPEndPoint>();

    /// <summary>The per-operation bound.</summary>
    protected TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>True when the cmdlet's result counts as passing for -Quiet.</summary>
    protected abstract bool IsPassing(TResult result);

    /// <summary>Reads the common parameters; the resolver is created when first used.</summary>
    protected override void BeginProcessing()
    {
        _verbose = IsVerbose();
        ServerEndpoints = ResolveServers(Server);
        CompletionHistory.RememberServers(Server);
        _begun = true;
    }

    /// <summary>Writes every result still in flight.</summary>
    protected override void EndProcessing() => Pump(drainAll: true);

    /// <summary>Cancels all network work.</summary>
    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Queues one item's check; blocks while <see cref="ThrottleLimit"/> items are in flight.</summary>
    protected void Submit(Func<CancellationToken, Task<TResult>> work, object? input)
    {
        Task<TResult> task;
        try
        {
            task = Task.Run(() => work(_stopping.Token), _stopping.Token);
        }
        catch (Exception ex)
        {
            task = Task.FromException<TResult>(ex);
        }

        _ = task.ContinueWith(_ => Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _pending.Enqueue(new Pending(task, null, input));
        Pump(drainAll: false);
    }

    /// <summary>Queues a per-item error so it is written in input order with the results.</summary>
    protected void SubmitError(ErrorRecord error)
    {
        _pending.Enqueue(new Pending(null, error, error.TargetObject));
        Pump(drainAll: false);
    }

    /// <summary>
    /// Builds the error record for bad input: stable id, InvalidArgument, the input as target, and a
    /// message that is safe to print whatever the input held (<see cref="ErrorText"/>).
    /// </summary>
    protected static ErrorRecord InvalidInput(string errorId, string message, object? target) =>
        new(new ArgumentException(ErrorText.Clean(message, target as string)), errorId, ErrorCategory.InvalidArgument, target);

    /// <summary>Thread-safe -Verbose: queued by any thread, written by the pipeline thread.</summary>
    protected void Log(string message)
    {
        if (_verbose)
        {
            _log.Enqueue(message);
            Signal();
        }
    }

    private void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (ObjectDisposedException)
        {
            // Work still finishing after the cmdlet ended: nobody is waiting any more.
        }
    }

    private void Pump(bool drainAll)
    {
        while (true)
        {
            FlushLog();
            while (_pending.Count > 0 && _pending.Peek().IsCompleted)
            {
                Write(_pending.Dequeue());
            }

            if (_pending.Count == 0 || (!drainAll && _pending.Count < ThrottleLimit))
            {
                FlushLog();
                return;
            }

            try
            {
                _signal.Wait(_stopping.Token);
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

    private void Write(Pending item)
    {
        if (item.Error is not null)
        {
            WriteError(item.Error);
            return;
        }

        var task = item.Task!;
        if (task.IsCanceled || _stopping.IsCancellationRequested)
        {
            return;
        }

        if (task.IsFaulted)
        {
            var ex = task.Exception!.GetBaseException();
            WriteError(new ErrorRecord(ex, "CheckFailed", ErrorCategory.NotSpecified, item.Input)
            {
                ErrorDetails = new ErrorDetails($"The check of '{item.Input}' failed unexpectedly: {ex.Message}. The other items were checked; please report this with the input that caused it."),
            });
            return;
        }

        var result = task.GetAwaiter().GetResult();
        CompletionHistory.Remember(result);
        if (Quiet)
        {
            WriteObject(IsPassing(result));
        }
        else
        {
            WriteObject(result);
        }
    }

    private bool IsVerbose()
    {
        if (MyInvocation.BoundParameters.TryGetValue("Verbose", out var value))
        {
            return value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);
        }

        var preference = SessionState?.PSVariable.GetValue("VerbosePreference");
        return preference is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;
    }

    private IReadOnlyList<IPEndPoint> ResolveServers(string[]? servers)
    {
        if (servers is null || servers.Length == 0)
        {
            return Array.Empty<IPEndPoint>();
        }

        var endpoints = new List<IPEndPoint>();
        foreach (var text in servers)
        {
            if (!NameServerSpec.TryParse(text, out var spec, out var reason))
            {
                ThrowTerminatingError(InvalidInput("InvalidServer",
                    $"The -Server value '{text}' is not usable: {reason}. Give an address, address:port, [IPv6]:port or a host name, for example 192.0.2.53 or 192.0.2.53:5300.", text));
            }

            if (spec!.Address is not null)
            {
                endpoints.Add(new IPEndPoint(spec.Address, spec.Port));
                continue;
            }

            IPAddress[] addresses;
            try
            {
                var lookup = System.Net.Dns.GetHostAddressesAsync(spec.Host);
                if (!lookup.Wait(Timeout))
                {
                    throw new TimeoutException($"the system resolver did not answer within {TimeoutSeconds} s");
                }

                addresses = lookup.Result;
            }
            catch (Exception ex)
            {
                var reasonText = ex is AggregateException agg ? agg.GetBaseException().Message : ex.Message;
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"The -Server host name '{spec.Host}' could not be resolved ({reasonText}). Give the server's IP address instead.", ex),
                    "ServerNotResolvable", ErrorCategory.InvalidArgument, text));
                return endpoints;
            }

            endpoints.AddRange(addresses.Select(a => new IPEndPoint(a, spec.Port)));
        }

        return endpoints;
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
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class Pending
    {
        public Pending(Task<TResult>? task, ErrorRecord? error, object? input)
        {
            Task = task;
            Error = error;
            Input = input;
        }

        public Task<TResult>? Task { get; }
        public ErrorRecord? Error { get; }
        public object? Input { get; }
        public bool IsCompleted => Task is null || Task.IsCompleted;
    }
}
