using System;
using System.Collections.Generic;
using ATTR35.Dns;
using ATTR35.Smtp;

namespace ATTR35.Microsoft365;

/// <summary>Everything gathered about one smart host before any rule is applied.</summary>
internal sealed class SmartHostObservation
{
    /// <summary>The smart host as given.</summary>
    public string SmartHost { get; init; } = string.Empty;

    /// <summary>The parsed smart host.</summary>
    public SmartHostAddress Address { get; init; } = null!;

    /// <summary>The port mail goes to.</summary>
    public int Port { get; init; } = 25;

    /// <summary>The send connector, when piped.</summary>
    public string? Connector { get; init; }

    /// <summary>The reference domain, when given.</summary>
    public string? DomainName { get; init; }

    /// <summary>The expected (assigned) host, normalised, when given.</summary>
    public string? ExpectedHost { get; init; }

    /// <summary>The reference hosts: the expected host, or the Microsoft 365 MX hosts of the domain.</summary>
    public IReadOnlyList<string> ReferenceHosts { get; init; } = Array.Empty<string>();

    /// <summary>Set when the reference domain's MX could not be looked up.</summary>
    public DnsAnswer? ReferenceFailure { get; init; }

    /// <summary>The MX answer for a bare-name smart host; null when no MX lookup was made.</summary>
    public DnsAnswer? MxAnswer { get; init; }

    /// <summary>The hosts mail goes to, with how each was reached and its address lookup.</summary>
    public IReadOnlyList<ObservedDestination> Destinations { get; init; } = Array.Empty<ObservedDestination>();

    /// <summary>The probe of the smart host, when -Probe was given and a destination had an address.</summary>
    public SmtpProbeOutcome? Probe { get; init; }

    /// <summary>The probe of the reference host, when probed.</summary>
    public SmtpProbeOutcome? ReferenceProbe { get; init; }

    /// <summary>True when -Recipient asked for the RCPT test.</summary>
    public bool RecipientTested { get; init; }

    /// <summary>The recipient tried.</summary>
    public string? Recipient { get; init; }
}

/// <summary>One destination of a smart host.</summary>
/// <param name="Host">Host name (or address for an IP smart host).</param>
/// <param name="Preference">MX preference when reached through MX.</param>
/// <param name="Via">MX, A/AAAA or IP.</param>
/// <param name="Addresses">The address lookup; null for an IP smart host.</param>
internal sealed record ObservedDestination(string Host, int? Preference, string Via, AddressLookup? Addresses);
