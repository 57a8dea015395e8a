using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using ATTR35.Base;
using ATTR35.Checks;
using ATTR35.Connectors;
using ATTR35.Dns;
using ATTR35.Microsoft365;
using ATTR35.Smtp;

namespace ATTR35.Commands;

/// <summary>
/// The parameters of Test-Attr35, validated once: every bad value is a non-terminating error
/// (stable ErrorId, InvalidArgument, the value as target) and is left out; the rest is kept normalised.
/// </summary>
internal sealed class Attr35Parameters
{
    private readonly List<GivenSmartHost> _smartHosts = new();
    private readonly List<InboundConnectorInfo> _connectors = new();
    private SenderInput _sender = null!;
    private bool _connectorsGiven;

    public string? DomainName { get; private set; }

    public string? ExpectedHost { get; private set; }

    /// <summary>The sending server's address and certificate names, read as Test-InboundConnector reads them.</summary>
    public SenderIdentity Sender => _sender.ToIdentity();

    public string? Recipient { get; private set; }

    public bool Probe { get; private set; }

    public IReadOnlyList<string> AcceptedDomains => _sender.AcceptedDomains;

    /// <summary>The connectors given; null when -InboundConnector was not given at all.</summary>
    public IReadOnlyList<InboundConnectorInfo>? Connectors => _connectorsGiven ? _connectors : null;

    public static bool TryReadRecipient(string? value, out string? recipient, out string error)
    {
        recipient = null;
        error = string.Empty;
        if (value is null)
        {
            return true;
        }

        if (SmtpSyntax.TryNormalizeMailbox(value, allowNullSender: false, out var normalized, out var reason))
        {
            recipient = normalized;
            return true;
        }

        error = $"The -Recipient value '{SafeText.Escape(value)}' cannot be sent: {reason}. Give an address such as user@contoso.com.";
        return false;
    }

    /// <summary>Reads every parameter of <paramref name="cmd"/>; <paramref name="expectedHost"/> was validated by the cmdlet.</summary>
    public static Attr35Parameters Read(TestAttr35Command cmd, string? recipient, string? expectedHost, Action<ErrorRecord> error, Action<string> verbose)
    {
        var p = new Attr35Parameters { Recipient = recipient, ExpectedHost = expectedHost, Probe = cmd.Probe.IsPresent || recipient is not null };
        p._sender = new SenderInput(error, verbose);
        if (!string.IsNullOrWhiteSpace(cmd.DomainName))
        {
            if (DomainNameValidator.TryNormalize(cmd.DomainName, out var domain, out var reason))
            {
                p.DomainName = domain;
            }
            else
            {
                error(InvalidInput(ErrorIds.InvalidDomainName, $"The -DomainName value '{cmd.DomainName}' is not a valid domain name: {reason}. Give the recipient domain, such as contoso.com.", cmd.DomainName));
            }
        }

        foreach (var text in Split(cmd.SmartHost))
        {
            p.AddSmartHost(text, null, null, error);
        }

        foreach (var item in cmd.SendConnector ?? Array.Empty<object>())
        {
            p.AddSendConnector(item, error);
        }

        if (cmd.InboundConnector is not null)
        {
            p._connectorsGiven = true;
            foreach (var item in Flatten(cmd.InboundConnector))
            {
                if (ConnectorInput.TryRead(PSObject.AsPSObject(item), out var connector, out var record))
                {
                    p._connectors.Add(connector!);
                }
                else
                {
                    error(record!);
                }
            }
        }

        p._sender.ReadAcceptedDomains(cmd.AcceptedDomain);
        p._sender.ReadSenderIPAddress(cmd.SenderIPAddress);
        p._sender.ReadCertificateNames(cmd.CertificateName);
        return p;
    }

    public SmartHostCheckOptions SmartHostOptions(TimeSpan timeout, Action<string> log) => new()
    {
        Probe = Probe,
        Recipient = Recipient,
        Timeout = timeout,
        Log = log,
    };

    public Attr35Evidence EvidenceFor(Attr35EventGroup group) => new(group)
    {
        GivenSmartHosts = _smartHosts,
        AcceptedDomains = _sender.AcceptedDomains,
        ExpectedHost = ExpectedHost,
        ConnectorsGiven = _connectorsGiven,
        SenderGiven = !_sender.ToIdentity().IsEmpty,
        Probe = Probe,
    };

    private static ErrorRecord InvalidInput(ErrorId errorId, string message, object? target) => InputErrors.InvalidInput(errorId, message, target);

    private static IEnumerable<string> Split(IEnumerable<string?>? values) =>
        (values ?? Array.Empty<string?>()).Where(v => v is not null)
            .SelectMany(v => v!.Split(new[] { ' ', ',', ';', '\t' }, StringSplitOptions.RemoveEmptyEntries))
            .Select(v => v.Trim());

    private static IEnumerable<object> Flatten(IEnumerable<object?> items)
    {
        foreach (var item in items)
        {
            var value = item is PSObject pso ? pso.BaseObject : item;
            if (value is IEnumerable sequence && value is not string && value is not IDictionary)
            {
                foreach (var inner in sequence)
                {
                    if (inner is not null)
                    {
                        yield return inner;
                    }
                }
            }
            else if (item is not null)
            {
                yield return item;
            }
        }
    }

    private void AddSmartHost(string text, string? connector, int? port, Action<ErrorRecord> error)
    {
        if (SmartHostAddress.TryParse(text, out _, out var reason))
        {
            _smartHosts.Add(new GivenSmartHost(text, connector, port));
            return;
        }

        var of = connector is null ? string.Empty : $" of send connector '{connector}'";
        error(InvalidInput(ErrorIds.InvalidSmartHost, $"The smart host '{SafeText.Escape(text)}'{of} is not valid: {reason}. Give a host such as contoso-com.mail.protection.outlook.com or contoso.onmicrosoft.com.", text));
    }

    private void AddSendConnector(object item, Action<ErrorRecord> error)
    {
        var o = PSObject.AsPSObject(item);
        var name = Convert.ToString(o.Properties["Name"]?.Value ?? o.Properties["Identity"]?.Value, CultureInfo.InvariantCulture);
        var hosts = o.Properties["SmartHosts"]?.Value ?? o.Properties["SmartHostsString"]?.Value;
        var raw = hosts is PSObject wrapped ? wrapped.BaseObject : hosts;
        var values = raw is null ? Array.Empty<string?>()
            : raw is IEnumerable sequence and not string
                ? sequence.Cast<object?>().Select(v => Convert.ToString(v is PSObject pv ? pv.BaseObject : v, CultureInfo.InvariantCulture)).ToArray()
                : new[] { Convert.ToString(raw, CultureInfo.InvariantCulture) };
        var port = int.TryParse(Convert.ToString(o.Properties["Port"]?.Value, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536 ? p : (int?)null;
        var smartHosts = Split(values).ToList();
        if (smartHosts.Count == 0 && o.Properties["SmartHosts"] is null && o.Properties["SmartHostsString"] is null)
        {
            error(InvalidInput(ErrorIds.InvalidSendConnector, $"The -SendConnector value '{item}' is not a send connector: it has no SmartHosts property. Give the objects of Get-SendConnector.", item));
            return;
        }

        foreach (var host in smartHosts)
        {
            AddSmartHost(host, string.IsNullOrWhiteSpace(name) ? null : name, port, error);
        }
    }
}
