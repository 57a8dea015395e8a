using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Dns;
using ATTR35.Microsoft365;
using ATTR35.Base;

namespace ATTR35.Commands;

/// <summary>
/// What the three cmdlets share: the common parameters, DNS set-up, and the ordered pipeline that
/// runs up to <see cref="ThrottleLimit"/> items at once while writing results in input order, with
/// every Write* on the pipeline thread.
/// </summary>
/// <remarks>
/// Items in flight and results waiting for their turn are counted apart: a slow item (a silent
/// SMTP server, a lost datagram) holds one slot, not the whole window, so the other slots go on
/// while its followers wait, finished, in a reorder buffer of at most <see cref="ReorderWindow"/>
/// items. Memory stays flat however long the input: nothing beyond that window is read ahead.
/// </remarks>
/// <typeparam name="TResult">The result type the cmdlet writes.</typeparam>
public abstract class CheckCommandBase<TResult> : PSCmdlet, IDisposable
    where TResult : class
{
    /// <summary>Default for -ThrottleLimit. See the cmdlet help for why.</summary>
    public const int DefaultThrottleLimit = 32;

    /// <summary>Default for -TimeoutSeconds.</summary>
    public const int DefaultTimeoutSeconds = 5;

    // Progress appears only on a run that lasts (a handful of items never flashes a bar) and is
    // refreshed at most five times a second, whatever the item rate.
    private static readonly long s_progressDelay = Stopwatch.Frequency;
    private static readonly long s_progressInterval = Stopwatch.Frequency / 5;
    private static int s_nextActivityId = 0x3535;

    private readonly CancellationTokenSource _stopping = new();
    private readonly object _resolverGate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly ConcurrentQueue<string> _log = new();
    private readonly Queue<Pending> _pending = new();
    private readonly Stopwatch _clock = new();
    private int _running;
    private bool _verbose;
    private bool _disposed;
    private bool _begun;
    private DnsResolver? _resolver;
    private ProgressRecord? _progress;
    private bool _progressShown;
    private long _nextProgress;
    private long _checked;
    private long _failing;

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
                return _resolver ??= new DnsResolver(ModuleInitializer.Transport, ServerEndpoints, Timeout, _verbose ? Log : null, _stopping.Token);
            }
        }
    }

    /// <summary>The resolved -Server endpoints (empty: system resolvers).</summary>
    protected IReadOnlyList<IPEndPoint> ServerEndpoints { get; private set; } = Array.Empty<IPEndPoint>();

    /// <summary>The per-operation bound.</summary>
    protected TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>
    /// How many items may be in flight or finished and waiting for an earlier one: eight times
    /// <see cref="ThrottleLimit"/>, at least 1024. Large enough that a few items stuck for a whole
    /// timeout do not stall the rest; small enough that the results held stay a few megabytes.
    /// </summary>
    protected int ReorderWindow => Math.Max(1024, ThrottleLimit * 8);

    /// <summary>True when the cmdlet's result counts as passing for -Quiet.</summary>
    protected abstract bool IsPassing(TResult result);

    /// <summary>Reads the common parameters; the resolver is created when first used.</summary>
    protected override void BeginProcessing()
    {
        _verbose = IsVerbose();
        if (!Quiet && IsProgressWanted())
        {
            _progress = new ProgressRecord(Interlocked.Increment(ref s_nextActivityId), MyInvocation.MyCommand.Name, "Starting");
        }

        _clock.Start();
        _nextProgress = s_progressDelay;
        ServerEndpoints = ResolveServers(Server);
        CompletionHistory.RememberServers(Server);
        _begun = true;
    }

    /// <summary>Writes every result still in flight.</summary>
    protected override void EndProcessing()
    {
        Pump(drainAll: true);
        if (_progressShown)
        {
            _progress!.StatusDescription = Describe();
            _progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(_progress);
        }
    }

    /// <summary>Cancels all network work.</summary>
    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Queues one item's check; first writes what is ready and, while <see cref="ThrottleLimit"/>
    /// items are in flight or the reorder window is full, waits for a slot.
    /// </summary>
    protected void Submit(Func<CancellationToken, Task<TResult>> work, object? input)
    {
        Pump(drainAll: false);
        Task<TResult> task;
        Interlocked.Increment(ref _running);
        try
        {
            // Off the pipeline thread, so the synchronous start of each check (building and
            // sending its first query) runs beside the binding of the next input.
            task = Task.Run(() => work(_stopping.Token), _stopping.Token);
        }
        catch (Exception ex)
        {
            task = Task.FromException<TResult>(ex);
        }

        _ = task.ContinueWith(_ => Finished(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _pending.Enqueue(new Pending(task, null, input));
    }

    /// <summary>Queues a per-item error so it is written in input order with the results.</summary>
    protected void SubmitError(ErrorRecord error)
    {
        _pending.Enqueue(new Pending(null, error, error.TargetObject));
        Pump(drainAll: false);
    }

    /// <summary>
    /// Builds the error record for bad input: stable id, InvalidArgument, the input as target, and a
    /// message that is safe to print whatever the input held (<see cref="SafeText.Message"/>).
    /// </summary>
    protected static ErrorRecord InvalidInput(string errorId, string message, object? target) =>
        new(new ArgumentException(SafeText.Message(message, target as string)), errorId, ErrorCategory.InvalidArgument, target);

    /// <summary>
    /// Reads an -ExpectedHost value: true with the normalised host (null when none was given), or
    /// false after queueing the InvalidExpectedHost error for this item. <paramref name="domain"/>,
    /// when known, makes the example in the message that domain's likely host.
    /// </summary>
    protected bool TryReadExpectedHost(string? value, string? domain, out string? expected)
    {
        expected = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        var forDomain = domain is null ? string.Empty : $" for {domain}";
        var example = domain is null ? "contoso-com.mail.protection.outlook.com" : HostClassifier.AssignedHostHint(domain);
        if (!DomainNameValidator.TryNormalize(value, out var host, out var reason))
        {
            SubmitError(InvalidInput("InvalidExpectedHost",
                $"The -ExpectedHost value '{value}'{forDomain} is not a valid host name: {reason}. Give the assigned host, for example {example}.", value));
            return false;
        }

        if (HostClassifier.Classify(host).Kind != HostKind.Microsoft365)
        {
            SubmitError(InvalidInput("InvalidExpectedHost",
                $"The -ExpectedHost value '{value}'{forDomain} is not a Microsoft 365 assigned host. Give the tenant's host{(domain is null ? string.Empty : " for the domain")}, for example {example} or its DNSSEC form token.x-v1.mx.microsoft.", value));
            return false;
        }

        expected = host;
        return true;
    }

    /// <summary>Thread-safe -Verbose: queued by any thread, written by the pipeline thread.</summary>
    protected void Log(string message)
    {
        if (_verbose)
        {
            _log.Enqueue(message);
            Signal();
        }
    }

    private void Finished()
    {
        Interlocked.Decrement(ref _running);
        Signal();
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

    /// <summary>
    /// Writes every finished result at the head of the queue, then returns once there is room
    /// for another item (or, draining, once nothing is left); waits for completions otherwise.
    /// </summary>
    private void Pump(bool drainAll)
    {
        while (true)
        {
            FlushLog();
            while (_pending.Count > 0 && _pending.Peek().IsCompleted)
            {
                Write(_pending.Dequeue());
            }

            ReportProgress();
            if (_pending.Count == 0
                || (!drainAll && Volatile.Read(ref _running) < ThrottleLimit && _pending.Count < ReorderWindow))
            {
                FlushLog();
                return;
            }

            try
            {
                // With progress on, wake now and then so it moves even while every slot waits.
                _signal.Wait(_progress is null ? System.Threading.Timeout.Infinite : 250, _stopping.Token);
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

    private void ReportProgress()
    {
        if (_progress is null || _clock.ElapsedTicks < _nextProgress)
        {
            return;
        }

        _nextProgress = _clock.ElapsedTicks + s_progressInterval;
        _progress.StatusDescription = Describe();
        WriteProgress(_progress);
        _progressShown = true;
    }

    private string Describe() =>
        string.Format(System.Globalization.CultureInfo.CurrentCulture, "{0:N0} checked, {1:N0} failing, {2:N0} in progress", _checked, _failing, Math.Max(0, Volatile.Read(ref _running)));

    private void Write(Pending item)
    {
        _checked++;
        if (item.Error is not null)
        {
            _failing++;
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
            _failing++;
            var ex = task.Exception!.GetBaseException();
            WriteError(new ErrorRecord(ex, "CheckFailed", ErrorCategory.NotSpecified, item.Input)
            {
                ErrorDetails = new ErrorDetails($"The check of '{item.Input}' failed unexpectedly: {ex.Message}. The other items were checked; please report this with the input that caused it."),
            });
            return;
        }

        var result = task.GetAwaiter().GetResult();
        CompletionHistory.Remember(result);
        var passing = IsPassing(result);
        if (!passing)
        {
            _failing++;
        }

        if (Quiet)
        {
            WriteObject(passing);
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

    private bool IsProgressWanted()
    {
        // -ProgressAction (PowerShell 7.4+) first, then $ProgressPreference as the caller sees it.
        object? preference = null;
        if (MyInvocation.BoundParameters.TryGetValue("ProgressAction", out var bound))
        {
            preference = bound;
        }

        preference ??= SessionState?.PSVariable.GetValue("ProgressPreference");
        if (preference is not ActionPreference action)
        {
            action = preference is string text && Enum.TryParse(text, ignoreCase: true, out ActionPreference parsed) ? parsed : ActionPreference.Continue;
        }

        return action is not ActionPreference.SilentlyContinue and not ActionPreference.Ignore;
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
