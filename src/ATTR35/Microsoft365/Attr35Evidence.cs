using System;
using System.Collections.Generic;

namespace ATTR35.Microsoft365;

/// <summary>
/// Everything Test-Attr35 knows about one group when it decides: the events, what the admin gave,
/// and the results of the checks run so far. <see cref="Attr35Rules"/> reads it; Checks/Attr35Check fills it.
/// </summary>
internal sealed class Attr35Evidence
{
    public Attr35Evidence(Attr35EventGroup group) => Group = group;

    public Attr35EventGroup Group { get; }

    /// <summary>The recipient domain: -DomainName, else the events' (ASCII, lower case).</summary>
    public string? DomainName => Group.DomainName;

    /// <summary>Smart hosts the admin named (-SmartHost, -SendConnector), as written; they win over the relay of the events.</summary>
    public IReadOnlyList<GivenSmartHost> GivenSmartHosts { get; init; } = Array.Empty<GivenSmartHost>();

    /// <summary>The tenant's accepted domains (normalised); empty when not given.</summary>
    public IReadOnlyList<string> AcceptedDomains { get; init; } = Array.Empty<string>();

    /// <summary>The tenant's assigned host (-ExpectedHost), normalised.</summary>
    public string? ExpectedHost { get; init; }

    /// <summary>True when -InboundConnector was given (even an empty list).</summary>
    public bool ConnectorsGiven { get; init; }

    /// <summary>True when the sender's address or certificate name was given.</summary>
    public bool SenderGiven { get; init; }

    /// <summary>True when -Probe or -Recipient asked for the SMTP conversation.</summary>
    public bool Probe { get; init; }

    public bool MxChecked { get; set; }

    public MxRecordResult? MxRecord { get; set; }

    public bool SmartHostsChecked { get; set; }

    public List<SmartHostResult> SmartHosts { get; } = new();

    public bool ConnectorChecked { get; set; }

    public InboundConnectorResult? InboundConnector { get; set; }
}

/// <summary>A smart host the admin named, with the send connector it came from.</summary>
internal sealed record GivenSmartHost(string Text, string? Connector, int? Port);

/// <summary>The next thing Test-Attr35 must find out about a group, as <see cref="Attr35Rules.NextStep"/> decides it.</summary>
internal enum Attr35Step
{
    Done,
    MxRecord,
    SmartHost,
    InboundConnector,
}
