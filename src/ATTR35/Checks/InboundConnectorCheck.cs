using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Base;
using ATTR35.Connectors;
using ATTR35.Dns;
using ATTR35.Smtp;

namespace ATTR35.Checks;

/// <summary>
/// Gathers the evidence for Test-InboundConnector (the certificate -SendingServer presents, over
/// DNS and SMTP) and hands it, with the connectors and the sender's identity, to
/// <see cref="SendingServerRules"/> and <see cref="ConnectorRules"/>.
/// </summary>
internal sealed class InboundConnectorCheck
{
    private readonly DnsResolver _resolver;
    private readonly CheckOptions _options;

    /// <summary>Creates the check for one invocation.</summary>
    public InboundConnectorCheck(DnsResolver resolver, CheckOptions options)
    {
        _resolver = resolver;
        _options = options;
    }

    /// <summary>
    /// Everything in one call, for a caller that has the sender's identity and the connectors at
    /// hand: fetches the certificate of <paramref name="sendingServer"/> (host and port) when one is
    /// given, then evaluates.
    /// </summary>
    public async Task<InboundConnectorResult> RunAsync(IReadOnlyList<InboundConnectorInfo> connectors, SenderIdentity sender, IReadOnlyList<string> acceptedDomains, (string Host, int Port)? sendingServer, CancellationToken cancellationToken)
    {
        SendingServerEvidence? evidence = null;
        if (sendingServer is { } server)
        {
            evidence = await FetchSendingServerAsync(server.Host, server.Port, cancellationToken).ConfigureAwait(false);
        }

        return Evaluate(connectors, sender, acceptedDomains, evidence);
    }

    /// <summary>
    /// False when there is nothing to evaluate: no address or certificate name to match by, and
    /// the sending server (if any) gave neither a usable certificate nor a finding.
    /// </summary>
    public static bool HasEvidence(SenderIdentity sender, SendingServerEvidence? evidence) =>
        !sender.IsEmpty || sender.Problems.Count > 0
        || (evidence is not null && (evidence.Certificate is { Names.Count: > 0 } || SendingServerRules.Evaluate(evidence).Count > 0));

    /// <summary>
    /// Which connector attributes the sender: the sending server's findings first, its certificate
    /// (when it has DNS names) beside the others given, then <see cref="ConnectorRules.Evaluate"/>.
    /// </summary>
    public static InboundConnectorResult Evaluate(IReadOnlyList<InboundConnectorInfo> connectors, SenderIdentity sender, IReadOnlyList<string> acceptedDomains, SendingServerEvidence? evidence)
    {
        if (evidence is not null)
        {
            var certificates = new List<SenderCertificate>(sender.Certificates);
            if (evidence.Certificate is { Names.Count: > 0 } fetched)
            {
                certificates.Add(fetched);
            }

            var problems = new List<Finding>(sender.Problems);
            problems.AddRange(SendingServerRules.Evaluate(evidence));
            sender = new SenderIdentity
            {
                IPAddress = sender.IPAddress,
                GivenCertificateNames = sender.GivenCertificateNames,
                Certificates = certificates,
                Problems = problems,
            };
        }

        return ConnectorRules.Evaluate(connectors, sender, acceptedDomains, DateTime.UtcNow);
    }

    /// <summary>
    /// -SendingServer: connects to the server the way Exchange Online would see it, EHLO, STARTTLS,
    /// and takes the certificate it presents; then QUIT. Never MAIL or DATA. Each step is bounded by
    /// the timeout; a failure is evidence (<see cref="SendingServerEvidence.Failure"/>), not an exception.
    /// </summary>
    public async Task<SendingServerEvidence> FetchSendingServerAsync(string host, int port, CancellationToken cancellationToken)
    {
        var label = port == 25 ? host : $"{host}:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        try
        {
            var (certificate, seen) = await FetchAsync(host, port, cancellationToken).ConfigureAwait(false);
            using (certificate)
            {
                return new SendingServerEvidence
                {
                    Server = label,
                    Certificate = SenderCertificate.FromCertificate(certificate, $"-SendingServer {label}"),
                    Seen = seen,
                };
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new SendingServerEvidence { Server = label, Failure = SafeText.Escape(ex.Message.TrimEnd('.')) };
        }
    }

    private async Task<(X509Certificate2 Certificate, CertificateInfo? Seen)> FetchAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(host, out var address))
        {
            var lookup = await _resolver.ResolveAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            address = lookup.PreferredAddress();
            if (address is null)
            {
                throw new InvalidOperationException(lookup.Error is null
                    ? $"{host} has no A or AAAA record"
                    : $"the address of {host} could not be looked up: {lookup.Error}");
            }
        }

        var outcome = await SmtpProbeSession.RunAsync(new SmtpProbeRequest(new IPEndPoint(address, port), host)
        {
            Timeout = _options.Timeout,
            Log = _options.Log,
        }, cancellationToken).ConfigureAwait(false);

        if (outcome.ServerCertificateData is { Length: > 0 } data)
        {
            return (new X509Certificate2(data), outcome.Probe.Certificate);
        }

        throw new InvalidOperationException(outcome.Status != SmtpProbeStatus.Completed
            ? outcome.Detail
            : outcome.StartTlsRefused
                ? $"{host} refused STARTTLS: {outcome.Detail}"
                : $"{host} does not offer STARTTLS, so it presents no certificate");
    }
}
