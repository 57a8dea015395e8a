using System;

namespace ATTR35;

/// <summary>One host a smart host leads to (an MX target, or the smart host itself), with its addresses.</summary>
public sealed class SmartHostDestination
{
    /// <summary>The host name, or the address for an IP smart host.</summary>
    public string Host { get; internal set; } = string.Empty;

    /// <summary>The MX preference when the host came from an MX lookup; null otherwise.</summary>
    public int? Preference { get; internal set; }

    /// <summary>How the host was reached: <c>MX</c>, <c>A/AAAA</c> or <c>IP</c>.</summary>
    public string Via { get; internal set; } = string.Empty;

    /// <summary>What the host is.</summary>
    public HostKind HostKind { get; internal set; }

    /// <summary>Its Microsoft cloud.</summary>
    public Cloud Cloud { get; internal set; }

    /// <summary>A and AAAA addresses.</summary>
    public string[] Addresses { get; internal set; } = Array.Empty<string>();

    /// <inheritdoc/>
    public override string ToString() => Preference is null ? Host : $"{Preference} {Host}";
}
