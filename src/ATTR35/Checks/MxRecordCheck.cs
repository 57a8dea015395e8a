using System;
using System.Collections.Concurrent;
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
    private const int ClassCacheLimit = 4096;

    private readonly DnsResolver _resolver;
    private readonly string _serversDescription;
    private readonly ConcurrentDictionary<string, HostClassification> _classes = new(StringComparer.Ordinal);
    private int _classCount;

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

            // Each distinct (preference, host) once, in answer order, as GroupBy kept them;
            // each distinct host classified once and looked up once, its A and AAAA together.
            var published = new List<(int Preference, string Host)>();
            var hosts = new Dictionary<string, (HostClassification Class, Task<AddressLookup>? Lookup)>(StringComparer.Ordinal);
            foreach (var r in mx.Answers)
            {
                if (r.Type != DnsRecordType.MX || !owners.Contains(DnsName.TrimDot(r.Name)))
                {
                    continue;
                }

                var key = (r.Preference, Host: DnsName.Canonical(r.Data));
                if (published.Contains(key))
                {
                    continue;
                }

                published.Add(key);
                if (!hosts.ContainsKey(key.Host))
                {
                    var cls = Classify(key.Host);
                    hosts[key.Host] = (cls, cls.Kind is HostKind.NullMx or HostKind.IpLiteral ? null : _resolver.ResolveAddressesAsync(key.Host, cancellationToken));
                }
            }

            foreach (var host in hosts.Values)
            {
                if (host.Lookup is { } lookup)
                {
                    await lookup.ConfigureAwait(false);
                }
            }

            foreach (var (preference, host) in published)
            {
                var (cls, lookup) = hosts[host];
                records.Add(new ObservedMx(preference, host, lookup?.Result) { Class = cls });
            }
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

    /// <summary>
    /// Classifies an MX target, once per invocation for a target many domains share (a gateway's
    /// hosts); the table stops growing at <see cref="ClassCacheLimit"/> hosts, so a run over
    /// millions of domains with hosts of their own keeps its memory flat.
    /// </summary>
    private HostClassification Classify(string host)
    {
        if (_classes.TryGetValue(host, out var known))
        {
            return known;
        }

        // A count of our own: ConcurrentDictionary.Count takes every lock of the table.
        var cls = HostClassifier.Classify(host);
        if (Volatile.Read(ref _classCount) < ClassCacheLimit && _classes.TryAdd(host, cls))
        {
            Interlocked.Increment(ref _classCount);
        }

        return cls;
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
