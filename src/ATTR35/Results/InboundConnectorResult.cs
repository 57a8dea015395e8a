using System;

namespace ATTR35;

/// <summary>The result of <c>Test-InboundConnector</c>: which connector Exchange Online would use for the sending server, and why the others were passed over.</summary>
public sealed class InboundConnectorResult
{
    /// <summary>The sender's public IPv4 address as given, normalised; null when not given.</summary>
    public string? SenderIPAddress { get; internal set; }

    /// <summary>The DNS names of the sender's certificate (subject CN and SAN), ASCII, lower case.</summary>
    public string[] CertificateNames { get; internal set; } = Array.Empty<string>();

    /// <summary>The earliest expiry (UTC) among the sender's certificates given as objects or files; null when only names were given.</summary>
    public DateTime? CertificateNotAfter { get; internal set; }

    /// <summary>The tenant's accepted domains the certificate name was checked against; empty when -AcceptedDomain was not given.</summary>
    public string[] AcceptedDomains { get; internal set; } = Array.Empty<string>();

    /// <summary>The worst severity among the findings.</summary>
    public CheckStatus Status { get; internal set; }

    /// <summary>The connector Exchange Online would attribute the mail with; null when none.</summary>
    public string? MatchedConnector { get; internal set; }

    /// <summary>How <see cref="MatchedConnector"/> matched.</summary>
    public MatchedBy MatchedBy { get; internal set; }

    /// <summary>The entry of <see cref="MatchedConnector"/> that matched: an address or range, or a certificate name.</summary>
    public string? MatchedValue { get; internal set; }

    /// <summary>Every connector given, in input order, with whether and why it matched.</summary>
    public ConnectorEvaluation[] Connectors { get; internal set; } = Array.Empty<ConnectorEvaluation>();

    /// <summary>Every observation, worst first.</summary>
    public Finding[] Findings { get; internal set; } = Array.Empty<Finding>();

    /// <inheritdoc/>
    public override string ToString() => MatchedConnector is null ? $"{Status}: no connector" : $"{Status}: {MatchedConnector} by {MatchedBy}";
}
