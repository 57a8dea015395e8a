using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace ATTR35.Events;

/// <summary>
/// Placeholder with the interface the "events" branch builds (issue 11): it passes events through
/// and reads nothing else. The real reader replaces this file when that branch is merged.
/// </summary>
internal sealed class EventReader
{
    public EventReader(bool all, Action<string>? verbose = null)
    {
        _ = all;
        _ = verbose;
    }

    public IEnumerable<Attr35Event> ReadText(string text, string? path = null)
    {
        _ = text;
        _ = path;
        return Array.Empty<Attr35Event>();
    }

    public IEnumerable<Attr35Event> ReadObject(object? input)
    {
        var value = input is PSObject pso ? pso.BaseObject : input;
        if (value is Attr35Event e)
        {
            return new[] { e };
        }

        return value is string text ? ReadText(text) : Array.Empty<Attr35Event>();
    }

    public IEnumerable<Attr35Event> ReadFile(string path)
    {
        _ = path;
        return Array.Empty<Attr35Event>();
    }
}
