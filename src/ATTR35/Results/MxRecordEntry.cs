using System;

namespace ATTR35;

/// <summary>One published MX record and what its target turned out to be.</summary>
public sealed class MxRecordEntry
{
    /// <summary>The MX preference; lower is tried first.</summary>
    public int Preference { get; internal set; }

    /// <summary>The MX target as published, without the trailing dot; <c>.</c> for a null MX.</summary>
    public string Host { get; internal set; } = string.Empty;

    /// <summary>What the target is.</summary>
    public HostKind HostKind { get; internal set; }

    /// <summary>The Microsoft cloud of the target.</summary>
    public Cloud Cloud { get; internal set; }

    /// <summary>The A and AAAA addresses of the target (after any CNAME).</summary>
    public string[] Addresses { get; internal set; } = Array.Empty<string>();

    /// <summary>True when the target is a CNAME (an alias), which RFC 5321 forbids for MX targets.</summary>
    public bool IsAlias { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Preference} {Host}";
}
