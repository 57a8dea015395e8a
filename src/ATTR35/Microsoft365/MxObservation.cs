using System;
using System.Collections.Generic;
using ATTR35.Dns;

namespace ATTR35.Microsoft365;

/// <summary>Everything DNS said about one domain's MX, gathered before any rule is applied.</summary>
internal sealed class MxObservation
{
    /// <summary>The domain, ASCII, lower case.</summary>
    public string DomainName { get; init; } = string.Empty;

    /// <summary>The assigned host the user gave, normalised; null when not given.</summary>
    public string? ExpectedHost { get; init; }

    /// <summary>The answer to the MX question.</summary>
    public DnsAnswer MxAnswer { get; init; } = DnsAnswer.Failed(DnsOutcome.NetworkError, null, "not asked");

    /// <summary>The MX records of the domain with the address lookup of each target (null for a null MX or an IP literal).</summary>
    public IReadOnlyList<ObservedMx> Records { get; init; } = Array.Empty<ObservedMx>();

    /// <summary>With -Authoritative: what each authoritative server answered; null otherwise.</summary>
    public IReadOnlyList<AuthoritativeMxAnswer>? Authoritative { get; init; }

    /// <summary>The DNS servers asked, for messages.</summary>
    public string ServersDescription { get; init; } = "the system's DNS resolvers";
}

/// <summary>One MX record and what its target resolved to.</summary>
/// <param name="Preference">MX preference.</param>
/// <param name="Host">The target as published, without trailing dot ("" for a null MX).</param>
/// <param name="Addresses">The target's address lookup; null when none was made.</param>
internal sealed record ObservedMx(int Preference, string Host, AddressLookup? Addresses)
{
    /// <summary>
    /// What <see cref="HostClassifier"/> made of <see cref="Host"/>, when the check already
    /// classified it (to decide on the address lookup); the rules classify it otherwise.
    /// </summary>
    public HostClassification? Class { get; init; }
}

/// <summary>What one authoritative server answered for the MX question.</summary>
/// <param name="ServerName">The NS host name.</param>
/// <param name="Endpoint">The address and port asked.</param>
/// <param name="Answer">The answer.</param>
internal sealed record AuthoritativeMxAnswer(string ServerName, string Endpoint, DnsAnswer Answer);
