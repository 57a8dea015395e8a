using System;
using System.Linq;
using ATTR35.Base;

namespace ATTR35.Dns;

/// <summary>
/// What a transport checks before it takes a response as the answer to its question: a server
/// that answers another question, or gives records only for other names, has not answered, and
/// taking its empty-for-us answer as NODATA would turn a broken server into "the domain has no MX".
/// </summary>
internal static class DnsAnswerCheck
{
    /// <summary>
    /// True when the response's question is <paramref name="query"/>'s (name case-insensitive,
    /// without the trailing dot); a response with no question section passes.
    /// </summary>
    public static bool IsSameQuestion(DnsQuery query, string? responseName, DnsRecordType? responseType) =>
        responseName is null || (NameEquals(responseName, query.Name) && (responseType is null || responseType == query.Type));

    /// <summary>
    /// The answer itself when it is for the name asked; a <see cref="DnsOutcome.BadResponse"/> when
    /// its answer section holds records but none owned by that name (a CNAME chain always starts at it).
    /// </summary>
    public static DnsAnswer RequireOwner(DnsQuery query, DnsAnswer answer)
    {
        if (answer.Outcome != DnsOutcome.Success || answer.Answers.Count == 0 || answer.Answers.Any(r => NameEquals(r.Name, query.Name)))
        {
            return answer;
        }

        var others = string.Join(", ", answer.Answers.Select(r => r.Name.Length == 0 ? "." : r.Name).Distinct(StringComparer.OrdinalIgnoreCase).Take(3));
        return DnsAnswer.Failed(DnsOutcome.BadResponse, answer.NameServer,
            $"the answer from {answer.NameServer ?? "the DNS server"} holds records for {others}, not for {query.Name} (a broken server or a misdirected response)");
    }

    /// <summary>A failed answer for a response to another question.</summary>
    public static DnsAnswer OtherQuestion(DnsQuery query, string? nameServer, string responseName, string responseType) =>
        DnsAnswer.Failed(DnsOutcome.BadResponse, nameServer,
            $"{nameServer ?? "the DNS server"} answered the question {responseType} {(responseName.Length == 0 ? "." : responseName)} instead of {query.Type} {query.Name} (a broken server or a misdirected response)");

    private static bool NameEquals(string a, string b) => DnsName.Same(a, b);
}
