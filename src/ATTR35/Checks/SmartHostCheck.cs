using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Dns;
using ATTR35.Microsoft365;
using ATTR35.Smtp;

namespace ATTR35.Checks;

/// <summary>Resolves a smart host the way the sending MTA would, optionally probes it, and hands everything to <see cref="SmartHostRules"/>.</summary>
internal sealed class SmartHostCheck
{
    private readonly DnsResolver _resolver;
    private readonly SmartHostCheckOptions _options;
    private readonly Dictionary<string, Task<(IReadOnlyList<string> Hosts, DnsAnswer? Failure)>> _references = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<SmtpProbeOutcome?>> _referenceProbes = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Creates the check for one invocation.</summary>
    public SmartHostCheck(DnsResolver resolver, SmartHostCheckOptions options)
    {
        _resolver = resolver;
        _options = options;
    }

    /// <summary>Checks one parsed smart host.</summary>
    public async Task<SmartHostResult> RunAsync(string given, SmartHostAddress address, int port, string? connector, string? domainName, string? expectedHost, CancellationToken cancellationToken)
    {
        var referenceTask = ReferenceAsync(domainName, expectedHost, cancellationToken);
        DnsAnswer? mx = null;
        var destinations = new List<ObservedDestination>();
        if (address.Address is not null)
        {
            destinations.Add(new ObservedDestination(address.Address.ToString(), null, "IP", null));
        }
        else
        {
            if (address.UseMxLookup)
            {
                mx = await _resolver.QueryAsync(address.Host, DnsRecordType.MX, cancellationToken).ConfigureAwait(false);
                var targets = mx.Outcome == DnsOutcome.Success
                    ? mx.Answers.Where(r => r.Type == DnsRecordType.MX && r.Data.Length > 0).OrderBy(r => r.Preference).Select(r => (r.Preference, Host: r.Data.ToLowerInvariant())).Distinct().ToList()
                    : new List<(int Preference, string Host)>();
                var lookups = targets.Select(t => (t, _resolver.ResolveAddressesAsync(t.Host, cancellationToken))).ToList();
                foreach (var (target, lookup) in lookups)
                {
                    destinations.Add(new ObservedDestination(target.Host, target.Preference, "MX", await lookup.ConfigureAwait(false)));
                }
            }

            // No MX (or brackets): the address records of the name itself, as Exchange and Postfix do.
            if (destinations.Count == 0 && (mx is null || !mx.IsFailure))
            {
                var lookup = await _resolver.ResolveAddressesAsync(address.Host, cancellationToken).ConfigureAwait(false);
                destinations.Add(new ObservedDestination(address.Host, null, "A/AAAA", lookup));
            }
        }

        var (referenceHosts, referenceFailure) = await referenceTask.ConfigureAwait(false);

        SmtpProbeOutcome? probe = null;
        SmtpProbeOutcome? referenceProbe = null;
        if (_options.Probe || _options.Recipient is not null)
        {
            var target = destinations
                .Select(d => (d.Host, Address: FirstAddress(d)))
                .FirstOrDefault(d => d.Address is not null);
            if (target.Address is not null)
            {
                var probeTask = ProbeAsync(target.Address, port, target.Host, _options.Recipient, cancellationToken);
                var referenceProbeTask = referenceHosts.Count > 0 && !referenceHosts.Contains(target.Host, StringComparer.Ordinal)
                    ? ReferenceProbeAsync(referenceHosts[0], port, cancellationToken)
                    : Task.FromResult<SmtpProbeOutcome?>(null);
                probe = await probeTask.ConfigureAwait(false);
                referenceProbe = await referenceProbeTask.ConfigureAwait(false);
            }
        }

        return SmartHostRules.Evaluate(new SmartHostObservation
        {
            SmartHost = given,
            Address = address,
            Port = port,
            Connector = connector,
            DomainName = domainName,
            ExpectedHost = expectedHost,
            ReferenceHosts = referenceHosts,
            ReferenceFailure = referenceFailure,
            MxAnswer = mx,
            Destinations = destinations,
            Probe = probe,
            ReferenceProbe = referenceProbe,
            RecipientTested = _options.Recipient is not null,
            Recipient = _options.Recipient,
        }, DateTime.UtcNow);
    }

    private static IPAddress? FirstAddress(ObservedDestination destination)
    {
        if (destination.Addresses is null)
        {
            return IPAddress.TryParse(destination.Host, out var literal) ? literal : null;
        }

        return destination.Addresses.PreferredAddress();
    }

    private Task<SmtpProbeOutcome?> ProbeAsync(IPAddress address, int port, string serverName, string? recipient, CancellationToken cancellationToken)
    {
        var request = new SmtpProbeRequest(new IPEndPoint(address, port), serverName)
        {
            HeloName = _options.HeloName,
            Timeout = _options.Timeout,
            ClientCertificate = _options.ClientCertificate,
            Sender = recipient is null ? null : _options.Sender,
            Recipient = recipient,
            Log = _options.Log,
        };
        return RunProbeAsync(request, cancellationToken);
    }

    private static async Task<SmtpProbeOutcome?> RunProbeAsync(SmtpProbeRequest request, CancellationToken cancellationToken) =>
        ReadRegion(await SmtpProbeSession.RunAsync(request, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Fills in the region the probe's conversation names, from every reply in the order they
    /// came: the banner's and EHLO's host names, then the MAIL FROM and RCPT TO replies (their
    /// brackets name the forest of a 2024+ front end whose own name carries none). The probe only
    /// speaks SMTP; which region a server name means is Microsoft365 knowledge, read here.
    /// </summary>
    internal static SmtpProbeOutcome ReadRegion(SmtpProbeOutcome outcome)
    {
        var probe = outcome.Probe;
        if (probe.Region is not null)
        {
            return outcome;
        }

        // In conversation order, and no further than the first reply that names a region.
        _ = Found("Banner", RegionParser.FromServerName(probe.BannerHost) ?? ReplyRegion(probe.Banner))
            || Found("Ehlo", RegionParser.FromServerName(probe.EhloHost))
            || Found("Mail", ReplyRegion(probe.SenderReply))
            || Found("Rcpt", ReplyRegion(probe.RecipientReply));
        return outcome;

        bool Found(string source, string? region)
        {
            if (region is null)
            {
                return false;
            }

            probe.Region = region;
            probe.RegionSource = source;
            return true;
        }
    }

    private static string? ReplyRegion(string? reply) =>
        ExchangeReply.TryParse(reply, out var parsed) ? parsed!.Region : null;

    // The reference host is the same for every smart host of an invocation: probe it once.
    private Task<SmtpProbeOutcome?> ReferenceProbeAsync(string host, int port, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var key = $"{host}:{port}";
            if (!_referenceProbes.TryGetValue(key, out var task))
            {
                task = ProbeReferenceAsync(host, port, cancellationToken);
                _referenceProbes[key] = task;
            }

            return task;
        }
    }

    private async Task<SmtpProbeOutcome?> ProbeReferenceAsync(string host, int port, CancellationToken cancellationToken)
    {
        var lookup = await _resolver.ResolveAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var address = lookup.PreferredAddress();
        return address is null ? null : await ProbeAsync(address, port, host, recipient: null, cancellationToken).ConfigureAwait(false);
    }

    private Task<(IReadOnlyList<string> Hosts, DnsAnswer? Failure)> ReferenceAsync(string? domainName, string? expectedHost, CancellationToken cancellationToken)
    {
        if (expectedHost is not null)
        {
            return Task.FromResult<(IReadOnlyList<string>, DnsAnswer?)>((new[] { expectedHost }, null));
        }

        if (domainName is null)
        {
            return Task.FromResult<(IReadOnlyList<string>, DnsAnswer?)>((Array.Empty<string>(), null));
        }

        lock (_gate)
        {
            if (!_references.TryGetValue(domainName, out var task))
            {
                task = LookupReferenceAsync(domainName, cancellationToken);
                _references[domainName] = task;
            }

            return task;
        }
    }

    private async Task<(IReadOnlyList<string> Hosts, DnsAnswer? Failure)> LookupReferenceAsync(string domainName, CancellationToken cancellationToken)
    {
        var mx = await _resolver.QueryAsync(domainName, DnsRecordType.MX, cancellationToken).ConfigureAwait(false);
        if (mx.IsFailure)
        {
            return (Array.Empty<string>(), mx);
        }

        var hosts = mx.Answers.Where(r => r.Type == DnsRecordType.MX)
            .OrderBy(r => r.Preference)
            .Select(r => HostClassifier.Classify(r.Data))
            .Where(c => c.Kind == HostKind.Microsoft365)
            .Select(c => c.Host)
            .Distinct()
            .ToList();
        return (hosts, null);
    }
}
