using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;

namespace ATTR35.Commands;

/// <summary>
/// The progress of a run: it appears only on a run that lasts (a handful of items never flashes a
/// bar) and is refreshed at most five times a second, whatever the item rate.
/// </summary>
internal sealed class PipelineProgress
{
    private static readonly long s_delay = Stopwatch.Frequency;
    private static readonly long s_interval = Stopwatch.Frequency / 5;
    private static int s_nextActivityId = 0x3535;

    private readonly ProgressRecord _record;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _next = s_delay;
    private bool _shown;

    public PipelineProgress(string activity)
    {
        _record = new ProgressRecord(Interlocked.Increment(ref s_nextActivityId), activity, "Starting");
    }

    /// <summary>Items written so far.</summary>
    public long Checked { get; set; }

    /// <summary>Items written that did not pass (or were errors).</summary>
    public long Failing { get; set; }

    /// <summary>The record to write now, or null when it is not time yet.</summary>
    public ProgressRecord? Due(int running)
    {
        if (_clock.ElapsedTicks < _next)
        {
            return null;
        }

        _next = _clock.ElapsedTicks + s_interval;
        _record.StatusDescription = Describe(running);
        _shown = true;
        return _record;
    }

    /// <summary>The closing record, or null when the bar was never shown.</summary>
    public ProgressRecord? Completed()
    {
        if (!_shown)
        {
            return null;
        }

        _record.StatusDescription = Describe(0);
        _record.RecordType = ProgressRecordType.Completed;
        return _record;
    }

    private string Describe(int running) =>
        string.Format(CultureInfo.CurrentCulture, "{0:N0} checked, {1:N0} failing, {2:N0} in progress", Checked, Failing, Math.Max(0, running));
}
