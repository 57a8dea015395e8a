using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace ATTR35.Connectors;

/// <summary>
/// Reads one connector property from whatever shape it arrives in: live objects (bool, enum,
/// MultiValuedProperty), deserialized objects (ArrayList), Import-Csv (strings, lists joined with
/// separators) and ConvertFrom-Json (bool, numbers for enums, arrays).
/// </summary>
internal static class PropertyValue
{
    private static readonly char[] s_listSeparators = { ',', ';', '|', ' ', '\t', '\r', '\n' };

    public static string? ReadString(object? raw, Func<object?, object?> unwrap)
    {
        var value = unwrap(raw);
        if (value is null)
        {
            return null;
        }

        if (value is not string && value is IEnumerable sequence)
        {
            // A one-element array (ConvertFrom-Json of a list-shaped value): take the element.
            string? single = null;
            foreach (var item in sequence)
            {
                var text = ReadString(item, unwrap);
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                if (single is not null)
                {
                    return single + "," + text;
                }

                single = text;
            }

            return single;
        }

        var s = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim();
        return string.IsNullOrEmpty(s) ? null : s;
    }

    public static bool TryReadBool(object? raw, Func<object?, object?> unwrap, bool defaultValue, out bool value, out string? problem)
    {
        problem = null;
        value = defaultValue;
        var v = unwrap(raw);
        switch (v)
        {
            case null:
                return true;
            case bool b:
                value = b;
                return true;
            case byte or sbyte or short or ushort or int or uint or long or ulong:
                value = Convert.ToInt64(v, CultureInfo.InvariantCulture) != 0;
                return true;
        }

        var text = ReadString(v, unwrap);
        if (text is null)
        {
            return true;
        }

        switch (text.ToLowerInvariant())
        {
            case "true" or "$true" or "1" or "yes":
                value = true;
                return true;
            case "false" or "$false" or "0" or "no":
                value = false;
                return true;
            default:
                problem = $"'{text}' is not a Boolean (True or False)";
                return false;
        }
    }

    public static bool TryReadList(object? raw, Func<object?, object?> unwrap, out IReadOnlyList<string> list, out string? problem)
    {
        var items = new List<string>();
        list = items;
        problem = null;
        return Collect(unwrap(raw), unwrap, items, ref problem, depth: 0);
    }

    /// <summary>
    /// True when a value is the name of a .NET type rather than data: what Export-Csv writes for a
    /// list property (MultiValuedProperty`1[...], System.Collections.ArrayList, System.Object[]).
    /// </summary>
    public static bool IsTypeName(string text)
    {
        var t = text.Trim();
        var qualified = t.StartsWith("System.", StringComparison.Ordinal)
            || t.StartsWith("Microsoft.", StringComparison.Ordinal)
            || t.StartsWith("Deserialized.", StringComparison.Ordinal);
        if (!qualified)
        {
            return false;
        }

        // A generic type name may hold assembly names with spaces: "...`1[[...IPRange, Microsoft.Exchange.Data]]".
        if (t.IndexOf('`') >= 0)
        {
            return true;
        }

        return t.IndexOf(' ') < 0 && (t.EndsWith("[]", StringComparison.Ordinal)
            || t.IndexOf("Collections.", StringComparison.Ordinal) >= 0 || t.IndexOf("MultiValuedProperty", StringComparison.Ordinal) >= 0);
    }

    private static bool Collect(object? value, Func<object?, object?> unwrap, List<string> items, ref string? problem, int depth)
    {
        switch (value)
        {
            case null:
                return true;
            case string text:
                return AddText(text, items, ref problem);
            case IDictionary:
                problem = "it is a table of keys and values, not a list";
                return false;
            case IEnumerable sequence when depth < 4:
                foreach (var item in sequence)
                {
                    if (!Collect(unwrap(item), unwrap, items, ref problem, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return AddText(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, items, ref problem);
        }
    }

    private static bool AddText(string text, List<string> items, ref string? problem)
    {
        if (IsTypeName(text))
        {
            problem = $"it holds the type name '{text.Trim()}' instead of the values (Export-Csv writes that for a list)";
            return false;
        }

        if (text.TrimStart().StartsWith("@{", StringComparison.Ordinal))
        {
            problem = $"an element is an object ('{text.Trim()}'), not text; export the property as text, for example @{{n='SenderIPAddresses';e={{$_.SenderIPAddresses -join ','}}}}";
            return false;
        }

        // PowerShell shows a list as {a, b}; copied from the console into a CSV it arrives like that.
        var trimmed = text.Trim();
        if (trimmed.StartsWith("{", StringComparison.Ordinal) && trimmed.EndsWith("}", StringComparison.Ordinal))
        {
            text = trimmed.Substring(1, trimmed.Length - 2);
        }

        foreach (var part in text.Split(s_listSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            items.Add(part);
        }

        return true;
    }
}
