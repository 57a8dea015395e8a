using System;

namespace ATTR35;

/// <summary>The result of <c>Test-Attr35</c> for one group of events (one recipient domain and relay).</summary>
public sealed class Attr35Diagnosis
{
    /// <summary>The recipient domain the events are about.</summary>
    public string? DomainName { get; internal set; }

    /// <summary>The worst severity among the findings.</summary>
    public CheckStatus Status { get; internal set; }

    /// <summary>Which check explains the error.</summary>
    public Attr35Cause Cause { get; internal set; }

    /// <summary>The first thing to do, naming the exact host, record or connector.</summary>
    public string Remedy { get; internal set; } = string.Empty;

    /// <summary>How many events the group holds.</summary>
    public int EventCount { get; internal set; }

    /// <summary>The earliest event time, when the events have times.</summary>
    public DateTimeOffset? FirstSeen { get; internal set; }

    /// <summary>The latest event time, when the events have times.</summary>
    public DateTimeOffset? LastSeen { get; internal set; }

    /// <summary>The relays (smart hosts or MX targets) the sender used.</summary>
    public string[] Relays { get; internal set; } = Array.Empty<string>();

    /// <summary>The addresses of the relays, when the events give them.</summary>
    public string[] RelayAddresses { get; internal set; } = Array.Empty<string>();

    /// <summary>The kinds of reply in the group, most frequent first.</summary>
    public ReplyKind[] Kinds { get; internal set; } = Array.Empty<ReplyKind>();

    /// <summary>The Exchange Online front ends that answered.</summary>
    public string[] FrontEnds { get; internal set; } = Array.Empty<string>();

    /// <summary>The regions read from the front ends and forests (hints).</summary>
    public string[] Regions { get; internal set; } = Array.Empty<string>();

    /// <summary>The MX check of the recipient domain, when it ran.</summary>
    public MxRecordResult? MxRecord { get; internal set; }

    /// <summary>The smart host checks, when they ran.</summary>
    public SmartHostResult[] SmartHosts { get; internal set; } = Array.Empty<SmartHostResult>();

    /// <summary>The inbound connector check, when it ran.</summary>
    public InboundConnectorResult? InboundConnector { get; internal set; }

    /// <summary>Its own findings and those of the checks it ran, worst first.</summary>
    public Finding[] Findings { get; internal set; } = Array.Empty<Finding>();

    /// <inheritdoc/>
    public override string ToString() => $"{DomainName}: {Cause}";
}
