using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Connectors;
using ATTR35.Microsoft365;
using ATTR35.Smtp;
using ATTR35.Base;

namespace ATTR35.Commands;

/// <summary>
/// <para type="synopsis">Tells which Exchange Online inbound connector would attribute a sending server's mail to the tenant, and why every other connector was passed over.</para>
/// <para type="description">The third of Microsoft's three checks for ATTR35 deferrals, as an offline simulator over the admin's own connector objects: certificate first, then IP address; only enabled OnPremises connectors attribute relayed mail.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "InboundConnector")]
[OutputType(typeof(InboundConnectorResult), typeof(bool))]
public sealed class TestInboundConnectorCommand : CheckCommandBase<InboundConnectorResult>
{
    private const int SmtpPort = 25;

    // Properties of which at least one marks an object as an inbound connector.
    private static readonly string[] s_connectorProperties = { "ConnectorType", "SenderIPAddresses", "TlsSenderCertificateName", "Enabled" };

    private readonly List<InboundConnectorInfo> _connectors = new();
    private readonly List<string> _certificateNames = new();
    private readonly List<SenderCertificate> _certificates = new();
    private readonly List<string> _acceptedDomains = new();
    private string? _senderAddress;
    private string? _sendingServer;
    private Task<(X509Certificate2 Certificate, CertificateInfo? Seen)>? _fetch;

    /// <summary>
    /// <para type="description">An inbound connector: the objects of Get-InboundConnector, their deserialized forms, or the same data from Import-Csv or ConvertFrom-Json. Connectors are collected from the whole pipeline and evaluated together at its end.</para>
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    [Alias("Connector")]
    public PSObject? InputObject { get; set; }

    /// <summary>
    /// <para type="description">The public IPv4 address the sending server connects to Exchange Online from. Test-SmartHost -Probe reports it as Probe.ObservedClientAddress.</para>
    /// </summary>
    [Parameter(Position = 0)]
    [Alias("IPAddress")]
    [ArgumentCompleter(typeof(SenderIPAddressCompleter))]
    public string? SenderIPAddress { get; set; }

    /// <summary>
    /// <para type="description">Names on the sending server's certificate: DNS names (mail.contoso.com, *.contoso.com) or Exchange's &lt;I&gt;issuer&lt;S&gt;subject form as in TlsCertificateName of Get-SendConnector, from which the subject's CN is taken.</para>
    /// </summary>
    [Parameter]
    [Alias("TlsCertificateName")]
    public string[]? CertificateName { get; set; }

    /// <summary>
    /// <para type="description">The sending server's certificate as an object, for example from Get-ChildItem Cert:\LocalMachine\My.</para>
    /// </summary>
    [Parameter]
    public X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// <para type="description">A file with the sending server's certificate: .cer, .crt or .pem, DER or PEM.</para>
    /// </summary>
    [Parameter]
    public string? CertificatePath { get; set; }

    /// <summary>
    /// <para type="description">The sending server as host or host:port (default port 25): its certificate is fetched over STARTTLS.</para>
    /// </summary>
    [Parameter]
    public string? SendingServer { get; set; }

    /// <summary>
    /// <para type="description">The tenant's accepted domains, as strings or the objects of Get-AcceptedDomain (DomainName is read). A certificate match counts only when the matching name is within one of them.</para>
    /// </summary>
    [Parameter]
    [Alias("AcceptedDomains")]
    [ArgumentCompleter(typeof(DomainNameCompleter))]
    public object[]? AcceptedDomain { get; set; }

    /// <inheritdoc/>
    protected override bool IsPassing(InboundConnectorResult result) => result.Status is CheckStatus.Pass or CheckStatus.Warning;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (string.IsNullOrWhiteSpace(SenderIPAddress) && (CertificateName is null || CertificateName.All(string.IsNullOrWhiteSpace))
            && Certificate is null && string.IsNullOrWhiteSpace(CertificatePath) && string.IsNullOrWhiteSpace(SendingServer))
        {
            ThrowSenderIdentityRequired();
        }

        base.BeginProcessing();
        ReadSenderIPAddress();
        ReadCertificateNames();
        ReadCertificate();
        ReadCertificateFile();
        ReadAcceptedDomains();
        StartSendingServer();
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            return;
        }

        // -InputObject (Get-InboundConnector) binds the whole array at once; the pipeline sends one at a time.
        var baseObject = InputObject.BaseObject;
        if (baseObject is IEnumerable sequence && baseObject is not string && baseObject is not IDictionary)
        {
            foreach (var item in sequence)
            {
                if (item is not null)
                {
                    ReadConnector(PSObject.AsPSObject(item));
                }
            }

            return;
        }

        ReadConnector(InputObject);
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var problems = new List<Finding>();
        if (_fetch is not null)
        {
            ReceiveSendingServerCertificate(_fetch, problems);
        }

        var sender = new SenderIdentity
        {
            IPAddress = _senderAddress,
            GivenCertificateNames = _certificateNames,
            Certificates = _certificates,
            Problems = problems,
        };

        if (sender.IsEmpty && problems.Count == 0)
        {
            // Every identity value was bad input, and each has had its error: nothing to evaluate.
            WriteVerbose("No usable sender address or certificate name remains, so no connector was evaluated.");
            return;
        }

        WriteVerbose($"Evaluating {_connectors.Count} connector(s) for {sender.Describe()}.");
        var result = ConnectorRules.Evaluate(_connectors, sender, _acceptedDomains, DateTime.UtcNow);
        Submit(_ => Task.FromResult(result), null);
        base.EndProcessing();
    }

    /// <summary>
    /// -SendingServer: connects to the server the way Exchange Online would see it, EHLO, STARTTLS,
    /// and takes the certificate it presents; then QUIT. Never MAIL or DATA. Each step is bounded by
    /// -TimeoutSeconds; any failure faults the task with a message that says what failed.
    /// </summary>
    private async Task<(X509Certificate2 Certificate, CertificateInfo? Seen)> FetchCertificateFromSendingServerAsync(string host, int port, CancellationToken cancellationToken)
    {
        IPAddress? address;
        if (!IPAddress.TryParse(host, out address))
        {
            var lookup = await Resolver.ResolveAddressesAsync(host, cancellationToken).ConfigureAwait(false);
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
            Timeout = Timeout,
            Log = Log,
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

    private void ThrowSenderIdentityRequired() =>
        ThrowTerminatingError(new ErrorRecord(
            new ArgumentException("Test-InboundConnector needs the sending server's identity to compare the connectors with. Give at least one of -SenderIPAddress (the public address Exchange Online sees; Test-SmartHost -Probe reports it as Probe.ObservedClientAddress), -CertificateName, -Certificate, -CertificatePath or -SendingServer. If you passed a property such as (Test-SmartHost ... -Probe).Probe.ObservedClientAddress, it was empty: the probe did not get that far."),
            "SenderIdentityRequired",
            ErrorCategory.InvalidArgument,
            null));

    private void ReadSenderIPAddress()
    {
        if (string.IsNullOrWhiteSpace(SenderIPAddress))
        {
            return;
        }

        var input = SenderIPAddress!;
        var text = input.Trim();
        if (text.StartsWith("[", StringComparison.Ordinal) && text.EndsWith("]", StringComparison.Ordinal))
        {
            // As the EHLO reply writes it: "Hello [203.0.113.25]".
            text = text.Substring(1, text.Length - 2).Trim();
        }

        if (IPAddress.TryParse(text, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6 && parsed.IsIPv4MappedToIPv6)
        {
            text = parsed.MapToIPv4().ToString();
        }

        if (IpLiteral.TryParseIPv4(text, out var address))
        {
            _senderAddress = IpLiteral.FormatIPv4(address);
            WriteVerbose($"Sender address: {_senderAddress}.");
            return;
        }

        string reason;
        if (IPAddress.TryParse(text, out var other) && other.AddressFamily == AddressFamily.InterNetworkV6)
        {
            reason = "it is an IPv6 address, and Exchange Online inbound connectors match IPv4 addresses only. Give the public IPv4 address the sending server connects from";
        }
        else if (text.IndexOf('/') >= 0 || text.IndexOf('-') > 0)
        {
            reason = "it is a range, not an address. Give the single public IPv4 address the sending server connects from";
        }
        else
        {
            reason = "it is not an IPv4 address. Give it as four decimal numbers, such as 203.0.113.25";
        }

        WriteError(InvalidInput("InvalidSenderIPAddress",
            $"The -SenderIPAddress value '{input}' cannot be used: {reason} (Test-SmartHost -Probe reports it as Probe.ObservedClientAddress).", input));
    }

    private void ReadCertificateNames()
    {
        foreach (var input in CertificateName ?? Array.Empty<string>())
        {
            if (string.IsNullOrWhiteSpace(input))
            {
                continue;
            }

            if (ExchangeCertificateName.IsDistinguishedNameForm(input))
            {
                if (!ExchangeCertificateName.TryParse(input, out var parsed, out var reason))
                {
                    WriteError(InvalidInput("InvalidCertificateName", $"The -CertificateName value '{input}' cannot be used: {reason}.", input));
                    continue;
                }

                foreach (var commonName in parsed!.CommonNames)
                {
                    AddCertificateName(input, commonName, $"its subject CN '{commonName}'");
                }

                continue;
            }

            foreach (var name in input.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                AddCertificateName(input, name, $"'{name}'");
            }
        }
    }

    private void AddCertificateName(string input, string name, string what)
    {
        if (CertificateNameMatcher.TryNormalizeCertificateName(name, out var normalized, out var reason))
        {
            if (!_certificateNames.Contains(normalized))
            {
                _certificateNames.Add(normalized);
                WriteVerbose($"Certificate name: {normalized} (from -CertificateName '{input}').");
            }

            return;
        }

        WriteError(InvalidInput("InvalidCertificateName",
            $"The -CertificateName value '{input}' cannot be used: {what} is not a DNS name ({reason}). Give the names on the certificate, such as mail.contoso.com.", input));
    }

    private void ReadCertificate()
    {
        if (Certificate is null)
        {
            return;
        }

        SenderCertificate facts;
        try
        {
            facts = SenderCertificate.FromCertificate(Certificate, "-Certificate");
        }
        catch (CryptographicException ex)
        {
            WriteError(InvalidInput("InvalidCertificate", $"The -Certificate object cannot be read: {ex.Message}", Certificate));
            return;
        }

        AddCertificate(facts, Certificate, "InvalidCertificate");
    }

    private void ReadCertificateFile()
    {
        if (string.IsNullOrWhiteSpace(CertificatePath))
        {
            return;
        }

        var input = CertificatePath!;
        try
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(input);
            using var certificate = CertificateFile.Load(CertificateFile.ReadFile(path));
            AddCertificate(SenderCertificate.FromCertificate(certificate, $"-CertificatePath {input}"), input, "CertificateFileUnreadable");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or CryptographicException
            or ArgumentException or NotSupportedException or ItemNotFoundException or ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderInvocationException)
        {
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException or ItemNotFoundException or System.Management.Automation.DriveNotFoundException => "the file does not exist",
                UnauthorizedAccessException => "access is denied",
                _ => ex.Message.TrimEnd('.'),
            };
            WriteError(InvalidInput("CertificateFileUnreadable",
                $"The certificate file '{input}' cannot be read: {reason}. Give a .cer, .crt or .pem file (DER or PEM) with the sending server's certificate.", input));
        }
    }

    private void AddCertificate(SenderCertificate facts, object input, string errorId)
    {
        if (facts.Names.Count == 0)
        {
            WriteError(InvalidInput(errorId,
                $"The certificate '{facts.Subject}' ({facts.Source}) has no DNS name in its subject CN or its SAN, so no connector can match it. Give the certificate the server presents for SMTP.", input));
            return;
        }

        _certificates.Add(facts);
        WriteVerbose($"Certificate {facts.Subject} ({facts.Source}): names {string.Join(", ", facts.Names)}; valid until {facts.NotAfter.ToString("u", CultureInfo.InvariantCulture)}.");
    }

    private void ReadAcceptedDomains()
    {
        foreach (var item in AcceptedDomain ?? Array.Empty<object>())
        {
            foreach (var text in AcceptedDomainTexts(item))
            {
                if (DomainNameValidator.TryNormalize(text, out var domain, out var reason))
                {
                    if (!_acceptedDomains.Contains(domain))
                    {
                        _acceptedDomains.Add(domain);
                    }
                }
                else
                {
                    WriteError(InvalidInput("InvalidAcceptedDomain",
                        $"The -AcceptedDomain value '{text}' is not a domain name: {reason}. Give domains such as contoso.com, or pipe Get-AcceptedDomain: -AcceptedDomain (Get-AcceptedDomain).", item));
                }
            }
        }

        if (_acceptedDomains.Count > 0)
        {
            WriteVerbose($"Accepted domains: {string.Join(", ", _acceptedDomains)}.");
        }
    }

    private static IEnumerable<string> AcceptedDomainTexts(object? item)
    {
        var value = item is PSObject pso ? pso.BaseObject : item;
        if (value is null)
        {
            yield break;
        }

        if (value is string text)
        {
            foreach (var part in text.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                yield return part;
            }

            yield break;
        }

        // Get-AcceptedDomain: DomainName (its Name may be a display name); Get-MgDomain: Id.
        var wrapped = PSObject.AsPSObject(item);
        var domain = wrapped.Properties["DomainName"]?.Value ?? wrapped.Properties["Id"]?.Value;
        yield return Convert.ToString(Unwrap(domain) ?? item, CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private void StartSendingServer()
    {
        if (string.IsNullOrWhiteSpace(SendingServer))
        {
            return;
        }

        var input = SendingServer!;
        if (!SendingServerAddress.TryParse(input, out var host, out var port, out var reason))
        {
            WriteError(InvalidInput("InvalidSendingServer",
                $"The -SendingServer value '{input}' cannot be used: {reason}. Give host or host:port, such as mail.contoso.com or mail.contoso.com:25.", input));
            return;
        }

        _sendingServer = port == SmtpPort ? host : $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
        WriteVerbose($"Fetching the certificate of {_sendingServer} over STARTTLS.");
        var token = StopToken;
        _fetch = Task.Run(() => FetchCertificateFromSendingServerAsync(host, port, token), token);
    }

    private void ReceiveSendingServerCertificate(Task<(X509Certificate2 Certificate, CertificateInfo? Seen)> fetch, List<Finding> problems)
    {
        X509Certificate2 certificate;
        CertificateInfo? seen;
        try
        {
            (certificate, seen) = fetch.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception ex)
        {
            problems.Add(new Finding(FindingCodes.ConnectorSendingServerFailed, Severity.Error, _sendingServer!,
                $"The certificate of the sending server {_sendingServer} could not be fetched: {ex.Message.TrimEnd('.')}.",
                $"Check that {_sendingServer} accepts SMTP connections from here and offers STARTTLS, raise -TimeoutSeconds if it is slow, or save its certificate and give it with -CertificatePath."));
            return;
        }

        using (certificate)
        {
            var facts = SenderCertificate.FromCertificate(certificate, $"-SendingServer {_sendingServer}");
            AddCertificate(facts, SendingServer!, "InvalidSendingServer");

            // Its dates are judged with the other certificates; what only the live handshake shows
            // is whether the chain is trusted, and that must not pass in silence.
            var untrusted = (seen?.ChainStatus ?? Array.Empty<string>()).Where(s => s is not "NotTimeValid" and not "NotTimeNested").ToList();
            if (seen is not null && !seen.ChainValid && (untrusted.Count > 0 || seen.ChainStatus.Length == 0))
            {
                var why = untrusted.Count > 0 ? string.Join(", ", untrusted) : "the platform rejected its chain";
                problems.Add(new Finding(FindingCodes.ConnectorCertificateUntrusted, Severity.Warning, _sendingServer!,
                    $"The certificate {facts.DisplayName} that {_sendingServer} presents does not validate on this machine ({why}): a self-signed or privately issued certificate can fail the TLS handshake with Exchange Online, and then no connector is matched by it.",
                    $"Bind a certificate from a public certification authority, whose names include the connector's TlsSenderCertificateName, to the SMTP service of {_sendingServer}."));
            }
        }
    }

    private void ReadConnector(PSObject item)
    {
        var baseObject = item.BaseObject;
        if (baseObject is string or ValueType)
        {
            WriteError(InvalidInput("InvalidConnector",
                $"'{baseObject}' is not a connector object. Pipe the objects of Get-InboundConnector (Get-InboundConnector | Test-InboundConnector ...), not their names.", baseObject));
            return;
        }

        var dictionary = baseObject as IDictionary;
        object? Get(string name)
        {
            if (dictionary is not null)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (string.Equals(Convert.ToString(entry.Key, CultureInfo.InvariantCulture), name, StringComparison.OrdinalIgnoreCase))
                    {
                        return entry.Value;
                    }
                }

                return null;
            }

            try
            {
                return item.Properties[name]?.Value;
            }
            catch (GetValueException)
            {
                // A property getter that throws is as good as absent.
                return null;
            }
        }

        bool Has(string name) => dictionary is not null
            ? dictionary.Keys.Cast<object>().Any(k => string.Equals(Convert.ToString(k, CultureInfo.InvariantCulture), name, StringComparison.OrdinalIgnoreCase))
            : item.Properties[name] is not null;

        if (!s_connectorProperties.Any(Has))
        {
            WriteError(InvalidInput("InvalidConnector",
                $"The object '{item}' does not look like an inbound connector: it has none of the properties {string.Join(", ", s_connectorProperties)}. Pipe the objects of Get-InboundConnector.", item));
            return;
        }

        if (!InboundConnectorInfo.TryRead(Get, Unwrap, out var connector, out var error))
        {
            WriteError(InvalidInput("InvalidConnector", error, item));
            return;
        }

        _connectors.Add(connector!);
        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Connector '{0}': {1}, {2}; SenderIPAddresses: {3}; TlsSenderCertificateName: {4}.",
            connector!.Name,
            connector.ConnectorType,
            connector.Enabled ? "enabled" : "disabled",
            connector.SenderIPAddresses.Count == 0 ? "none" : string.Join(", ", connector.SenderIPAddresses),
            connector.TlsSenderCertificateName ?? "none"));
    }

    /// <summary>
    /// Turns a property value into plain data. Deserialized Exchange values (IPRange, enums) keep
    /// their text in ToString; ConvertFrom-Json of a live IPRange carries it in Expression.
    /// </summary>
    private static object? Unwrap(object? value)
    {
        if (value is not PSObject pso)
        {
            return value;
        }

        var baseObject = pso.BaseObject;
        var deserialized = pso.TypeNames.Count > 0 && pso.TypeNames[0].StartsWith("Deserialized.", StringComparison.Ordinal);
        if (baseObject is IEnumerable and not string)
        {
            return baseObject;
        }

        if (baseObject is PSCustomObject)
        {
            if (deserialized)
            {
                return pso.ToString();
            }

            var expression = pso.Properties["Expression"]?.Value;
            if (expression is not null)
            {
                return Unwrap(expression);
            }

            // An object from ConvertFrom-Json prints as @{...}, or as nothing when it was written as {};
            // either way the reader reports it instead of taking it as text.
            var text = pso.ToString();
            return text.Length == 0 ? "@{}" : text;
        }

        return deserialized ? pso.ToString() : baseObject;
    }
}
