using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using ATTR35.Checks;
using ATTR35.Connectors;

namespace ATTR35.Commands;

/// <summary>
/// <para type="synopsis">Tells which Exchange Online inbound connector would attribute a sending server's mail to the tenant, and why every other connector was passed over.</para>
/// <para type="description">The third of Microsoft's three checks for ATTR35 deferrals, as an offline simulator over the admin's own connector objects: certificate first, then IP address; only enabled OnPremises connectors attribute relayed mail.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "InboundConnector")]
[OutputType(typeof(InboundConnectorResult), typeof(bool))]
public sealed class TestInboundConnectorCommand : CommandBase<InboundConnectorResult>
{
    private readonly List<InboundConnectorInfo> _connectors = new();
    private SenderInput? _sender;
    private InboundConnectorCheck? _check;
    private Task<SendingServerEvidence>? _fetch;
    private string? _sendingServerInput;

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

    /// <summary>
    /// <para type="description">Accepted for symmetry with the other cmdlets, so scripts that pass it keep working; Test-InboundConnector evaluates all connectors together and writes one result per call.</para>
    /// </summary>
    [Parameter(DontShow = true)]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = CheckCommandBase<InboundConnectorResult>.DefaultThrottleLimit;

    /// <inheritdoc/>
    protected override bool IsPassing(InboundConnectorResult result) => result.Status is CheckStatus.Pass or CheckStatus.Warning;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (string.IsNullOrWhiteSpace(SenderIPAddress) && (CertificateName is null || CertificateName.All(string.IsNullOrWhiteSpace))
            && Certificate is null && string.IsNullOrWhiteSpace(CertificatePath) && string.IsNullOrWhiteSpace(SendingServer))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("Test-InboundConnector needs the sending server's identity to compare the connectors with. Give at least one of -SenderIPAddress (the public address Exchange Online sees; Test-SmartHost -Probe reports it as Probe.ObservedClientAddress), -CertificateName, -Certificate, -CertificatePath or -SendingServer. If you passed a property such as (Test-SmartHost ... -Probe).Probe.ObservedClientAddress, it was empty: the probe did not get that far."),
                ErrorIds.SenderIdentityRequired.Id,
                ErrorCategory.InvalidArgument,
                null));
        }

        base.BeginProcessing();
        _sender = new SenderInput(WriteError, WriteVerbose);
        _sender.ReadSenderIPAddress(SenderIPAddress);
        _sender.ReadCertificateNames(CertificateName);
        _sender.ReadCertificate(Certificate);
        _sender.ReadCertificateFile(CertificatePath, SessionState.Path.GetUnresolvedProviderPathFromPSPath);
        _sender.ReadAcceptedDomains(AcceptedDomain);
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
        var items = baseObject is IEnumerable sequence && baseObject is not string && baseObject is not IDictionary
            ? sequence.Cast<object?>().Where(i => i is not null).Select(PSObject.AsPSObject)
            : new[] { InputObject };
        foreach (var item in items)
        {
            if (!ConnectorInput.TryRead(item, out var connector, out var error))
            {
                WriteError(error!);
                continue;
            }

            _connectors.Add(connector!);
            WriteVerbose(ConnectorInput.Describe(connector!));
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        SendingServerEvidence? evidence = null;
        if (_fetch is not null)
        {
            evidence = Block(_fetch);
            if (evidence.Certificate is { } fetched)
            {
                // Only to report one without DNS names (InvalidSendingServer) or to tell -Verbose its names; the check adds it.
                new SenderInput(WriteError, WriteVerbose).AddCertificate(fetched, _sendingServerInput!, ErrorIds.InvalidSendingServer);
            }
        }

        var sender = _sender!.ToIdentity();
        if (!InboundConnectorCheck.HasEvidence(sender, evidence))
        {
            // Every identity value was bad input, and each has had its error: nothing to evaluate.
            WriteVerbose("No usable sender address or certificate name remains, so no connector was evaluated.");
            return;
        }

        WriteVerbose($"Evaluating {_connectors.Count} connector(s) for {sender.Describe()}.");
        var result = InboundConnectorCheck.Evaluate(_connectors, sender, _sender.AcceptedDomains, evidence);
        Submit(_ => Task.FromResult(result), null);
        base.EndProcessing();
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
            WriteError(InputErrors.InvalidInput(ErrorIds.InvalidSendingServer,
                $"The -SendingServer value '{input}' cannot be used: {reason}. Give host or host:port, such as mail.contoso.com or mail.contoso.com:25.", input));
            return;
        }

        var label = port == SendingServerAddress.DefaultPort ? host : $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
        WriteVerbose($"Fetching the certificate of {label} over STARTTLS.");
        _sendingServerInput = input;
        _check = new InboundConnectorCheck(Resolver, new CheckOptions { Timeout = Timeout, Log = Log });
        var check = _check;
        var token = StopToken;
        _fetch = Task.Run(() => check.FetchSendingServerAsync(host, port, token), token);
    }
}
