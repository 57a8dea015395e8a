using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Dns;
using ATTR35.Microsoft365;
using ATTR35.Base;

namespace ATTR35.Checks;

/// <summary>Gathers what DNS says about one domain's MX and hands it to <see cref="MxRecordRules"/>.</summary>
internal sealed class MxRecordCheck
{
    private readonly DnsResolver _resolver;
    private readonly string _serversDescription;

    /// <summary>Creates the check over one invocation's resolver.</summary>
    public MxRecordCheck(DnsResolver resolver)
    {
        _resolver = resolver;
        _serversDescription = resolver.Servers.Count == 0
            ? "the system's DNS resolvers"
            : "the DNS server " + string.Join(", ", resolver.Servers.Select(s => s.ToString()));
    }

    /// <summary>Runs the check for a domain already validated to ASCII form.</summary>
    public async Task<MxRecordResult> RunAsync(string domain, string? expectedHost, bool authoritative, CancellationToken cancellationToken)
    {
        var mx = await _resolver.QueryAsync(domain, DnsRecordType.MX, cancellationToken).ConfigureAwait(false);
        var records = new List<ObservedMx>();
        if (mx.Outcome == DnsOutcome.Success)
        {
            var owners = OwnerChain(domain, mx.Answers);
            var published = mx.Answers
                .Where(r => r.Type == DnsRecordType.MX && owners.Contains(DnsName.TrimDot(r.Name)))
                .GroupBy(r => (r.Preference, Host: DnsName.Canonical(r.Data)))
                .Select(g => g.Key)
                .ToList();

            var lookups = published
                .Select(r => r.Host)
                .Distinct(StringComparer.Ordinal)
                .Where(h => NeedsAddressLookup(h))
                .ToDictionary(h => h, h => _resolver.ResolveAddressesAsync(h, cancellationToken), StringComparer.Ordinal);
            await Task.WhenAll(lookups.Values).ConfigureAwait(false);

            records.AddRange(published.Select(r => new ObservedMx(r.Preference, r.Host, lookups.TryGetValue(r.Host, out var t) ? t.Result : null)));
        }

        IReadOnlyList<AuthoritativeMxAnswer>? authoritativeAnswers = null;
        if (authoritative && mx.Outcome != DnsOutcome.NonExistentDomain && !mx.IsFailure)
        {
            authoritativeAnswers = await AskAuthoritativeServersAsync(domain, cancellationToken).ConfigureAwait(false);
        }

        return MxRecordRules.Evaluate(new MxObservation
        {
            DomainName = domain,
            ExpectedHost = expectedHost,
            MxAnswer = mx,
            Records = records,
            Authoritative = authoritativeAnswers,
            ServersDescription = _serversDescription,
        });
    }

    private static bool NeedsAddressLookup(string host)
    {
        var kind = HostClassifier.Classify(host).Kind;
        return kind is not HostKind.NullMx and not HostKind.IpLiteral;
    }

    /// <summary>The domain and any CNAME targets it leads to in the answer (an MX query for an alias).</summary>
    private static HashSet<string> OwnerChain(string domain, IReadOnlyList<DnsRecord> answers)
    {
        var owners = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { domain };
        var current = domain;
        for (var i = 0; i < 8; i++)
        {
            var alias = answers.FirstOrDefault(r => r.Type == DnsRecordType.CNAME && DnsName.Same(r.Name, current));
            if (alias is null || !owners.Add(alias.Data))
            {
                break;
            }

            current = alias.Data;
        }

        return owners;
    }

    private async Task<IReadOnlyList<AuthoritativeMxAnswer>> AskAuthoritativeServersAsync(string domain, CancellationToken cancellationToken)
    {
        var nameServers = await FindZoneNameServersAsync(domain, cancellationToken).ConfigureAwait(false);
        var lookups = nameServers.Select(ns => (Name: ns, Task: _resolver.ResolveAddressesAsync(ns, cancellationToken))).ToList();
        await Task.WhenAll(lookups.Select(l => l.Task)).ConfigureAwait(false);

        var questions = new List<(string Name, IPEndPoint Endpoint, Task<DnsAnswer> Answer)>();
        foreach (var (name, task) in lookups)
        {
            foreach (var text in task.Result.Addresses)
            {
                if (IPAddress.TryParse(text, out var address))
                {
                    var endpoint = new IPEndPoint(address, _resolver.AuthoritativePort);
                    questions.Add((name, endpoint, _resolver.QueryAsync(domain, DnsRecordType.MX, new[] { endpoint }, recursion: false, cancellationToken)));
                }
            }
        }

        await Task.WhenAll(questions.Select(q => q.Answer)).ConfigureAwait(false);
        return questions.Select(q => new AuthoritativeMxAnswer(q.Name, q.Endpoint.ToString(), q.Answer.Result)).ToList();
    }

    private async Task<IReadOnlyList<string>> FindZoneNameServersAsync(string domain, CancellationToken cancellationToken)
    {
        var name = domain;
        while (name.IndexOf('.') > 0)
        {
            var answer = await _resolver.QueryAsync(name, DnsRecordType.NS, cancellationToken).ConfigureAwait(false);
            var ns = answer.Answers.Where(r => r.Type == DnsRecordType.NS && DnsName.Same(r.Name, name))
                .Select(r => DnsName.Canonical(r.Data)).Distinct().ToList();
            if (ns.Count > 0)
            {
                return ns;
            }

            if (answer.IsFailure)
            {
                return Array.Empty<string>();
            }

            // A negative answer names the zone it came from in its SOA: jump straight to it.
            var soa = answer.Authorities.FirstOrDefault(r => r.Type == DnsRecordType.SOA);
            var apex = (soa is null ? null : DnsName.TrimDot(soa.Name));
            if (apex is not null && apex.Length > 0 && !string.Equals(apex, name, StringComparison.OrdinalIgnoreCase)
                && name.EndsWith("." + apex, StringComparison.OrdinalIgnoreCase))
            {
                name = apex;
                continue;
            }

            name = name.Substring(name.IndexOf('.') + 1);
        }

        return Array.Empty<string>();
    }
}
