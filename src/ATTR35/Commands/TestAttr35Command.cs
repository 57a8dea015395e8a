using System;
using System.Collections.Generic;
using System.Management.Automation;
using ATTR35.Checks;
using ATTR35.Events;
using ATTR35.Microsoft365;

namespace ATTR35.Commands;

/// <summary>
/// <para type="synopsis">Finds which of Microsoft's three checks explains ATTR35 deferrals: from the queue, log, NDR or message trace to the cause and the fix.</para>
/// <para type="description">Groups the Exchange Online replies by recipient domain and relay and writes one diagnosis per group once its input has ended.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "Attr35")]
[OutputType(typeof(Attr35Diagnosis), typeof(bool))]
public sealed class TestAttr35Command : CheckCommandBase<Attr35Diagnosis>
{
    private readonly Dictionary<(string?, string?), Attr35EventGroup> _groups = new();
    private readonly List<Attr35EventGroup> _order = new();
    private Attr35Parameters? _given;
    private EventReader? _reader;

    /// <summary>
    /// <para type="description">The evidence from the pipeline: Attr35Event objects (Get-Attr35Event), strings (log lines, a pasted NDR or reply), Exchange Server Get-Queue, Get-Message and Get-MessageTrackingLog objects, Exchange Online message trace objects, and their CSV and JSON forms.</para>
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyString]
    public object? InputObject { get; set; }

    /// <summary>
    /// <para type="description">A pasted NDR, log line or SMTP reply, read the way pipeline strings are.</para>
    /// </summary>
    [Parameter(Position = 0)]
    [AllowEmptyString]
    public string? Message { get; set; }

    /// <summary>
    /// <para type="description">The recipient domain; wins over the domain the events name.</para>
    /// </summary>
    [Parameter]
    [ArgumentCompleter(typeof(DomainNameCompleter))]
    public string? DomainName { get; set; }

    /// <summary>
    /// <para type="description">The smart host the sending server uses (host, host:port, [host], [192.0.2.1]); wins over the relay the events name.</para>
    /// </summary>
    [Parameter]
    [ArgumentCompleter(typeof(SmartHostCompleter))]
    public string[]? SmartHost { get; set; }

    /// <summary>
    /// <para type="description">Exchange send connectors (Get-SendConnector objects): their SmartHosts are checked as -SmartHost, named by connector.</para>
    /// </summary>
    [Parameter]
    public object[]? SendConnector { get; set; }

    /// <summary>
    /// <para type="description">The tenant's inbound connectors: Get-InboundConnector objects, live, deserialized, or from Import-Csv or ConvertFrom-Json.</para>
    /// </summary>
    [Parameter]
    public object[]? InboundConnector { get; set; }

    /// <summary>
    /// <para type="description">The tenant's accepted domains, as strings or Get-AcceptedDomain objects: a recipient outside them is relayed mail, for the connector check.</para>
    /// </summary>
    [Parameter]
    [Alias("AcceptedDomains")]
    [ArgumentCompleter(typeof(DomainNameCompleter))]
    public object[]? AcceptedDomain { get; set; }

    /// <summary>
    /// <para type="description">The tenant's assigned host, such as contoso-com.mail.protection.outlook.com (from Get-MgDomainServiceConfigurationRecord).</para>
    /// </summary>
    [Parameter]
    [Alias("MailExchange", "ExpectedMxRecord", "DnssecMxValue")]
    [ArgumentCompleter(typeof(ExpectedHostCompleter))]
    public string? ExpectedHost { get; set; }

    /// <summary>
    /// <para type="description">The public IPv4 address the sending server connects to Exchange Online from, for the connector check.</para>
    /// </summary>
    [Parameter]
    [Alias("IPAddress")]
    [ArgumentCompleter(typeof(SenderIPAddressCompleter))]
    public string? SenderIPAddress { get; set; }

    /// <summary>
    /// <para type="description">Names on the sending server's certificate (DNS names, or Exchange's &lt;I&gt;issuer&lt;S&gt;subject form), for the connector check.</para>
    /// </summary>
    [Parameter]
    [Alias("TlsCertificateName")]
    public string[]? CertificateName { get; set; }

    /// <summary>
    /// <para type="description">Also probe each smart host checked over SMTP (banner, EHLO, STARTTLS), as Test-SmartHost -Probe does; the client address Exchange Online reports becomes the sender address when -SenderIPAddress is not given.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Probe { get; set; }

    /// <summary>
    /// <para type="description">Also send MAIL FROM and RCPT TO for this address to each smart host checked and record the reply (never DATA); implies -Probe.</para>
    /// </summary>
    [Parameter]
    public string? Recipient { get; set; }

    /// <inheritdoc/>
    protected override bool IsPassing(Attr35Diagnosis result) => result.Status is CheckStatus.Pass or CheckStatus.Warning;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        // A recipient goes on the wire: refuse it before anything else happens.
        if (!Attr35Parameters.TryReadRecipient(Recipient, out var recipient, out var recipientError))
        {
            ThrowTerminatingError(InvalidInput(ErrorIds.InvalidRecipient, recipientError, Recipient));
        }

        base.BeginProcessing();
        TryReadExpectedHost(ExpectedHost, null, out var expected);
        _given = Attr35Parameters.Read(this, recipient, expected, SubmitError, Log);
        _reader = new EventReader(all: true, Log);
        if (!string.IsNullOrWhiteSpace(Message))
        {
            Add(_reader.ReadText(Message!));
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (InputObject is not null)
        {
            Add(_reader!.ReadObject(InputObject));
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var given = _given!;
        if (_order.Count == 0)
        {
            _order.Add(new Attr35EventGroup(given.DomainName, null));
        }

        var check = new Attr35Check(new MxRecordCheck(Resolver), new SmartHostCheck(Resolver, given.SmartHostOptions(Timeout, Log)),
            given.Connectors, given.Sender, given.AcceptedDomains);
        foreach (var group in _order)
        {
            var evidence = given.EvidenceFor(group);
            Submit(ct => check.RunAsync(evidence, ct), group.DomainName);
        }

        base.EndProcessing();
    }

    private void Add(IEnumerable<Attr35Event> events)
    {
        foreach (var e in events)
        {
            // -All style reading also yields the 250 of a delivered message: not an error to diagnose.
            if (e.Code is >= 200 and < 300 || (e.EnhancedCode?.StartsWith("2.", StringComparison.Ordinal) ?? false))
            {
                continue;
            }

            var key = Attr35EventGroup.KeyOf(e, _given!.DomainName);
            if (!_groups.TryGetValue(key, out var group))
            {
                group = new Attr35EventGroup(key.Domain, key.Relay);
                _groups.Add(key, group);
                _order.Add(group);
            }

            group.Add(e);
        }
    }
}
