using System;
using System.Collections.Generic;
using System.Linq;

namespace ATTR35.Commands;

/// <summary>
/// A bounded list of distinct values, most recently seen first, compared case-insensitively.
/// Not thread-safe on its own: <see cref="CompletionHistory"/> guards it.
/// </summary>
internal sealed class RecentValues
{
    private readonly int _capacity;
    private readonly List<string> _values = new();

    public RecentValues(int capacity) => _capacity = capacity;

    public void Add(string? value)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        _values.RemoveAll(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));
        _values.Insert(0, value!);
        if (_values.Count > _capacity)
        {
            _values.RemoveAt(_values.Count - 1);
        }
    }

    public string[] ToArray() => _values.ToArray();

    public void Clear() => _values.Clear();
}
