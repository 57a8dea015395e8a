using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Base;
using ATTR35.Connectors;
using ATTR35.Microsoft365;
using ATTR35.Smtp;

namespace ATTR35.Checks;

/// <summary>
/// Gathers the evidence for one group of events: asks <see cref="Attr35Rules.NextStep"/> which
/// check to run, runs it through the same checks the three cmdlets use (MX, smart host, connector
/// evaluation), and repeats until the rules have what they need. It never decides anything itself.
/// </summary>
internal sealed class Attr35Check
{
    private readonly MxRecordCheck _mx;
    private readonly SmartHostCheck _smartHost;
    private readonly IReadOnlyList<InboundConnectorInfo>? _connectors;
    private readonly SenderIdentity _sender;
    private readonly IReadOnlyList<string> _acceptedDomains;

    /// <param name="mx">The invocation's MX check.</param>
    /// <param name="smartHost">The invocation's smart host check (with -Probe and -Recipient as given).</param>
    /// <param name="connectors">The tenant's inbound connectors; null when none were given.</param>
    /// <param name="sender">The sending server's public IPv4 address and certificate names, as given.</param>
    /// <param name="acceptedDomains">The tenant's accepted domains, normalised.</param>
    public Attr35Check(MxRecordCheck mx, SmartHostCheck smartHost, IReadOnlyList<InboundConnectorInfo>? connectors,
        SenderIdentity sender, IReadOnlyList<string> acceptedDomains)
    {
        _mx = mx;
        _smartHost = smartHost;
        _connectors = connectors;
        _sender = sender;
        _acceptedDomains = acceptedDomains;
    }

    /// <summary>Runs the checks the evidence asks for, in that order, and returns the diagnosis.</summary>
    public async Task<Attr35Diagnosis> RunAsync(Attr35Evidence evidence, CancellationToken cancellationToken)
    {
        // Each step runs at most once; the bound only guards against a rule that asks again.
        for (var round = 0; round < 4; round++)
        {
            switch (Attr35Rules.NextStep(evidence))
            {
                case Attr35Step.MxRecord:
                    evidence.MxRecord = await _mx.RunAsync(evidence.DomainName!, ExpectedHostFor(evidence), authoritative: false, cancellationToken).ConfigureAwait(false);
                    evidence.MxChecked = true;
                    break;
                case Attr35Step.SmartHost:
                    await RunSmartHostsAsync(evidence, cancellationToken).ConfigureAwait(false);
                    evidence.SmartHostsChecked = true;
                    break;
                case Attr35Step.InboundConnector:
                    evidence.InboundConnector = EvaluateConnectors(evidence);
                    evidence.ConnectorChecked = true;
                    break;
                default:
                    return Attr35Rules.Diagnose(evidence);
            }
        }

        return Attr35Rules.Diagnose(evidence);
    }

    // -ExpectedHost names the tenant's host: it is the reference for the tenant's own domains only.
    private string? ExpectedHostFor(Attr35Evidence evidence) =>
        evidence.ExpectedHost is not null && (_acceptedDomains.Count == 0 || _acceptedDomains.Any(a => string.Equals(a, evidence.DomainName, StringComparison.OrdinalIgnoreCase)))
            ? evidence.ExpectedHost
            : null;

    private async Task RunSmartHostsAsync(Attr35Evidence evidence, CancellationToken cancellationToken)
    {
        var (domain, expected) = Attr35Rules.SmartHostReference(evidence);
        var runs = new List<Task<SmartHostResult>>();
        foreach (var given in Attr35Rules.SmartHostsToCheck(evidence))
        {
            // Named smart hosts were validated by the cmdlet; a relay from a log that is no host name is skipped.
            if (SmartHostAddress.TryParse(given.Text, out var address, out _))
            {
                var port = address!.Port ?? given.Port ?? 25;
                runs.Add(_smartHost.RunAsync(given.Text, address, port, given.Connector, domain, expected, cancellationToken));
            }
        }

        foreach (var run in runs)
        {
            evidence.SmartHosts.Add(await run.ConfigureAwait(false));
        }
    }

    private InboundConnectorResult EvaluateConnectors(Attr35Evidence evidence)
    {
        // Without -SenderIPAddress, the address Exchange Online saw in a probe of this group is the sender's.
        var address = _sender.IPAddress ?? evidence.SmartHosts
            .Select(s => s.Probe?.ObservedClientAddress)
            .FirstOrDefault(a => a is not null && IpLiteral.TryParseIPv4(a, out _));
        var sender = new SenderIdentity
        {
            IPAddress = address,
            GivenCertificateNames = _sender.GivenCertificateNames,
            Certificates = _sender.Certificates,
        };
        return InboundConnectorCheck.Evaluate(_connectors ?? Array.Empty<InboundConnectorInfo>(), sender, _acceptedDomains, evidence: null);
    }
}
