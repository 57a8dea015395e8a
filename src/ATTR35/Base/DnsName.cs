using System;

namespace ATTR35.Base;

/// <summary>
/// The one place for the trailing dot and the case of a DNS name: answers carry the root dot
/// (<c>mail.contoso.com.</c>), users may or may not type it, and names compare without case.
/// </summary>
internal static class DnsName
{
    private static readonly char[] s_dot = { '.' };

    /// <summary>The name without the root dot (one or more trailing dots).</summary>
    /// <remarks>
    /// Most names come without it; TrimEnd(char) on netstandard2.0 allocates its params array
    /// every call, and this runs for every name of every answer.
    /// </remarks>
    public static string TrimDot(string name) =>
        name.Length == 0 || name[name.Length - 1] != '.' ? name : name.TrimEnd(s_dot);

    /// <summary>Lower case and without the root dot: the form names are kept and compared in.</summary>
    public static string Canonical(string name) => TrimDot(name).ToLowerInvariant();

    /// <summary>True when the two names are the same DNS name (case and the root dot aside).</summary>
    public static bool Same(string a, string b) => string.Equals(TrimDot(a), TrimDot(b), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A host as written anywhere (an MX target, a smart host, a server name): lower case, no
    /// surrounding white space, no trailing dot, no brackets around an address.
    /// </summary>
    public static string Normalize(string? host)
    {
        var name = (host ?? string.Empty).Trim().ToLowerInvariant();
        if (name.Length > 1 && name[0] == '[' && name[name.Length - 1] == ']')
        {
            name = name.Substring(1, name.Length - 2);
        }

        return TrimDot(name);
    }
}
