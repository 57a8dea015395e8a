using System;
using System.Collections.Generic;

namespace ATTR35.Dns;

/// <summary>What came back for one <see cref="DnsQuery"/>.</summary>
internal sealed class DnsAnswer
{
    /// <summary>Creates an answer.</summary>
    public DnsAnswer(DnsOutcome outcome, IReadOnlyList<DnsRecord> answers, IReadOnlyList<DnsRecord> authorities, string? nameServer, string? error)
    {
        Outcome = outcome;
        Answers = answers;
        Authorities = authorities;
        NameServer = nameServer;
        Error = error;
    }

    /// <summary>How the question ended.</summary>
    public DnsOutcome Outcome { get; }

    /// <summary>The answer section.</summary>
    public IReadOnlyList<DnsRecord> Answers { get; }

    /// <summary>The authority section (the SOA of a negative answer).</summary>
    public IReadOnlyList<DnsRecord> Authorities { get; }

    /// <summary>The server that answered, as <c>address:port</c>.</summary>
    public string? NameServer { get; }

    /// <summary>What went wrong, in words, when <see cref="Outcome"/> is not a DNS answer.</summary>
    public string? Error { get; }

    /// <summary>True when the question could not be answered at all (timeout, SERVFAIL, REFUSED, network).</summary>
    public bool IsFailure => Outcome is not DnsOutcome.Success and not DnsOutcome.NonExistentDomain;

    /// <summary>A failed answer with no records.</summary>
    public static DnsAnswer Failed(DnsOutcome outcome, string? nameServer, string error) =>
        new(outcome, Array.Empty<DnsRecord>(), Array.Empty<DnsRecord>(), nameServer, error);

    /// <summary>Describes the outcome in words for messages ("timed out after 5 s", "SERVFAIL from 192.0.2.53:53").</summary>
    public string Describe()
    {
        var from = NameServer is null ? string.Empty : " from " + NameServer;
        return Outcome switch
        {
            DnsOutcome.Success => "an answer" + from,
            DnsOutcome.NonExistentDomain => "NXDOMAIN" + from,
            // Error, when set, tells more: every server asked, when several failed in turn.
            DnsOutcome.ServerFailure => Error ?? "SERVFAIL" + from,
            DnsOutcome.Refused => Error ?? "REFUSED" + from,
            DnsOutcome.Timeout => Error ?? "no answer in time",
            _ => Error ?? "an unreadable response" + from,
        };
    }
}
