using System;

namespace ATTR35;

/// <summary>How one inbound connector fared against the sending server, and why.</summary>
public sealed class ConnectorEvaluation
{
    /// <summary>The connector's Name (or Identity when it has no Name).</summary>
    public string Name { get; internal set; } = string.Empty;

    /// <summary>Whether the connector is enabled.</summary>
    public bool Enabled { get; internal set; }

    /// <summary>OnPremises or Partner.</summary>
    public ConnectorType ConnectorType { get; internal set; }

    /// <summary>How the connector matches the sender, whether or not Exchange Online would use it.</summary>
    public MatchedBy MatchedBy { get; internal set; }

    /// <summary>True for the one connector Exchange Online would attribute the mail with.</summary>
    public bool Selected { get; internal set; }

    /// <summary>The connector entry that matched: an address or range, or a certificate name.</summary>
    public string? MatchedValue { get; internal set; }

    /// <summary>One sentence: why the connector was used or passed over.</summary>
    public string Reason { get; internal set; } = string.Empty;

    /// <summary>The connector's SenderIPAddresses as read.</summary>
    public string[] SenderIPAddresses { get; internal set; } = Array.Empty<string>();

    /// <summary>The connector's TlsSenderCertificateName as read.</summary>
    public string? TlsSenderCertificateName { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {MatchedBy}";
}
