using System;

namespace ATTR35;

/// <summary>The result of <c>Test-SmartHost</c> for one smart host.</summary>
public sealed class SmartHostResult
{
    /// <summary>The smart host as given (for example <c>[relay.contoso.com]:25</c>).</summary>
    public string SmartHost { get; internal set; } = string.Empty;

    /// <summary>The host name or address part, normalised.</summary>
    public string Host { get; internal set; } = string.Empty;

    /// <summary>The port mail is sent to.</summary>
    public int Port { get; internal set; }

    /// <summary>The send connector the smart host came from, when one was piped.</summary>
    public string? Connector { get; internal set; }

    /// <summary>The domain whose MX is the reference, when given.</summary>
    public string? DomainName { get; internal set; }

    /// <summary>The tenant's assigned host the smart host was compared with, when given.</summary>
    public string? ExpectedHost { get; internal set; }

    /// <summary>The hosts the smart host was compared with: -ExpectedHost, or the Microsoft 365 MX hosts of -DomainName.</summary>
    public string[] ReferenceHosts { get; internal set; } = Array.Empty<string>();

    /// <summary>The worst severity among the findings.</summary>
    public CheckStatus Status { get; internal set; }

    /// <summary>What the smart host itself is.</summary>
    public HostKind HostKind { get; internal set; }

    /// <summary>Its Microsoft cloud.</summary>
    public Cloud Cloud { get; internal set; }

    /// <summary>The hosts mail is actually sent to, after MX resolution, with their addresses.</summary>
    public SmartHostDestination[] Destinations { get; internal set; } = Array.Empty<SmartHostDestination>();

    /// <summary>With -Probe: what the SMTP conversation with the smart host showed.</summary>
    public SmtpProbe? Probe { get; internal set; }

    /// <summary>With -Probe: the same for the reference host, whose banner region is compared.</summary>
    public SmtpProbe? ReferenceProbe { get; internal set; }

    /// <summary>Every observation, worst first.</summary>
    public Finding[] Findings { get; internal set; } = Array.Empty<Finding>();

    /// <inheritdoc/>
    public override string ToString() => $"{SmartHost}: {Status}";
}
