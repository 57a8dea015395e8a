using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using ATTR35.Checks;
using ATTR35.Microsoft365;
using ATTR35.Smtp;
using ATTR35.Base;

namespace ATTR35.Commands;

/// <summary>
/// <para type="synopsis">Checks that a smart host sending to Microsoft 365 uses the tenant's assigned host, in DNS and, with -Probe, live over SMTP.</para>
/// <para type="description">The second of Microsoft's three checks for ATTR35 deferrals.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SmartHost")]
[OutputType(typeof(SmartHostResult), typeof(bool))]
public sealed class TestSmartHostCommand : CheckCommandBase<SmartHostResult>
{
    private SmartHostCheck? _check;

    /// <summary>
    /// <para type="description">The smart host: host, host:port, [host], [host]:port, [192.0.2.1], 192.0.2.1. Binds SmartHosts of Get-SendConnector.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("SmartHosts", "RelayHost")]
    [AllowNull]
    [AllowEmptyCollection]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(SmartHostCompleter))]
    public string[]? SmartHost { get; set; } = Array.Empty<string>();

    /// <summary>
    /// <para type="description">The domain whose published MX is the reference; binds AddressSpaces of a send connector.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Domain")]
    [ArgumentCompleter(typeof(DomainNameCompleter))]
    public string? DomainName { get; set; }

    /// <summary>
    /// <para type="description">The AddressSpaces of a piped send connector (SMTP:contoso.mail.onmicrosoft.com;1): the first SMTP address space other than * is the reference domain when -DomainName is not given.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public object[]? AddressSpaces { get; set; }

    /// <summary>
    /// <para type="description">The tenant's assigned host, when known.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("MailExchange", "ExpectedMxRecord", "DnssecMxValue")]
    [ArgumentCompleter(typeof(ExpectedHostCompleter))]
    public string? ExpectedHost { get; set; }

    /// <summary>
    /// <para type="description">The port used when the smart host string has none. Default 25; binds Port of a send connector.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>
    /// <para type="description">The send connector's name, shown on each result; binds Name of Get-SendConnector objects.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    public string? Connector { get; set; }

    /// <summary>
    /// <para type="description">Connect and check the SMTP conversation.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Probe { get; set; }

    /// <summary>
    /// <para type="description">Also send MAIL FROM and RCPT TO for this address and record the reply; implies -Probe.</para>
    /// </summary>
    [Parameter]
    public string? Recipient { get; set; }

    /// <summary>
    /// <para type="description">The MAIL FROM address for -Recipient; default the null sender.</para>
    /// </summary>
    [Parameter]
    [AllowEmptyString]
    public string? Sender { get; set; }

    /// <summary>
    /// <para type="description">The name sent in EHLO.</para>
    /// </summary>
    [Parameter]
    public string? HeloName { get; set; }

    /// <summary>
    /// <para type="description">A certificate with private key presented in the TLS handshake.</para>
    /// </summary>
    [Parameter]
    public X509Certificate2? ClientCertificate { get; set; }

    /// <inheritdoc/>
    protected override bool IsPassing(SmartHostResult result) => result.Status is CheckStatus.Pass or CheckStatus.Warning;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        // Everything that goes on the wire is checked before anything is connected.
        // Without -HeloName: this computer's FQDN, else the probe's own address literal [ip].
        var helo = HeloName ?? SmartHostInput.DefaultHeloName();
        string? heloName = null;
        if (helo is not null && !SmtpSyntax.TryNormalizeHeloName(helo, out heloName, out var heloError))
        {
            ThrowTerminatingError(InvalidInput(ErrorIds.InvalidHeloName, $"The -HeloName value '{SafeText.Quote(helo)}' cannot be sent: {heloError}. Give a host name such as relay.contoso.com.", HeloName));
        }

        string? recipient = null;
        if (Recipient is not null && !SmtpSyntax.TryNormalizeMailbox(Recipient, allowNullSender: false, out recipient, out var recipientError))
        {
            ThrowTerminatingError(InvalidInput(ErrorIds.InvalidRecipient, $"The -Recipient value '{SafeText.Quote(Recipient)}' cannot be sent: {recipientError}. Give an address such as user@contoso.com.", Recipient));
        }

        var sender = string.Empty;
        if (!string.IsNullOrEmpty(Sender) && !SmtpSyntax.TryNormalizeMailbox(Sender, allowNullSender: true, out sender, out var senderError))
        {
            ThrowTerminatingError(InvalidInput(ErrorIds.InvalidSender, $"The -Sender value '{SafeText.Quote(Sender!)}' cannot be sent: {senderError}. Give an address such as postmaster@contoso.com, or leave it out for the null sender.", Sender));
        }

        if (ClientCertificate is not null && !ClientCertificate.HasPrivateKey)
        {
            ThrowTerminatingError(InvalidInput(ErrorIds.ClientCertificateWithoutKey, $"The -ClientCertificate '{ClientCertificate.Subject}' has no private key, so it cannot be presented in a TLS handshake. Load it from a .pfx or the certificate store with its key.", ClientCertificate));
        }

        base.BeginProcessing();
        _check = new SmartHostCheck(Resolver, new SmartHostCheckOptions
        {
            Probe = Probe.IsPresent,
            Recipient = recipient,
            Sender = sender ?? string.Empty,
            HeloName = heloName,
            ClientCertificate = ClientCertificate,
            Timeout = Timeout,
            Log = Log,
        });
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var connector = string.IsNullOrWhiteSpace(Connector) ? null : Connector!.Trim();
        var values = SmartHostInput.SplitValues(SmartHost ?? Array.Empty<string>()).ToList();
        if (values.Count == 0)
        {
            if (connector is not null)
            {
                WriteWarning($"Send connector '{connector}' has no smart host (it uses DNS routing, so mail follows the recipient domain's MX: check that with Test-MxRecord).");
            }
            else
            {
                SubmitError(InvalidInput(ErrorIds.InvalidSmartHost, "The smart host is empty. Give a host name such as contoso-com.mail.protection.outlook.com or contoso.onmicrosoft.com.", string.Join(" ", SmartHost ?? Array.Empty<string>())));
            }

            return;
        }

        string? domain = null;
        var domainInput = !string.IsNullOrWhiteSpace(DomainName)
            ? DomainName
            : AddressSpaces is { Length: > 0 } spaces ? string.Join(" ", spaces.Where(s => s is not null).Select(s => s.ToString())) : null;
        if (!string.IsNullOrWhiteSpace(domainInput))
        {
            var reference = SmartHostInput.ReferenceDomain(domainInput!);
            if (reference is not null && !DomainNameValidator.TryNormalize(reference, out domain, out var reason))
            {
                SubmitError(InvalidInput(ErrorIds.InvalidDomainName, $"The reference domain '{domainInput}' is not a valid domain name: {reason}. Give a domain such as contoso.onmicrosoft.com.", domainInput));
                return;
            }
        }

        if (!TryReadExpectedHost(ExpectedHost, domain, out var expected))
        {
            return;
        }

        foreach (var value in values)
        {
            if (!SmartHostAddress.TryParse(value, out var address, out var error))
            {
                SubmitError(InvalidInput(ErrorIds.InvalidSmartHost, $"The smart host '{SafeText.Quote(value)}'{(connector is null ? string.Empty : $" of send connector '{connector}'")} is not valid: {error}.", value));
                continue;
            }

            var check = _check!;
            var port = address!.Port ?? Port;
            Submit(ct => check.RunAsync(value, address, port, connector, domain, expected, ct), value);
        }
    }
}
