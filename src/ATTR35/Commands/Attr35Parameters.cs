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
    private readonly List<string> _acceptedDomains = new();
    private readonly List<string> _certificateNames = new();
    private bool _connectorsGiven;

    public string? DomainName { get; private set; }

    public string? ExpectedHost { get; private set; }

    public string? SenderIPAddress { get; private set; }

    public string? Recipient { get; private set; }

    public bool Probe { get; private set; }

    public IReadOnlyList<string> AcceptedDomains => _acceptedDomains;

    public IReadOnlyList<string> CertificateNames => _certificateNames;

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
    public static Attr35Parameters Read(TestAttr35Command cmd, string? recipient, string? expectedHost, Action<ErrorRecord> error)
    {
        var p = new Attr35Parameters { Recipient = recipient, ExpectedHost = expectedHost, Probe = cmd.Probe.IsPresent || recipient is not null };
        if (!string.IsNullOrWhiteSpace(cmd.DomainName))
        {
            if (DomainNameValidator.TryNormalize(cmd.DomainName, out var domain, out var reason))
            {
                p.DomainName = domain;
            }
            else
            {
                error(InvalidInput("InvalidDomainName", $"The -DomainName value '{cmd.DomainName}' is not a valid domain name: {reason}. Give the recipient domain, such as contoso.com.", cmd.DomainName));
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
                if (InboundConnectorInput.TryRead(PSObject.AsPSObject(item), "Test-Attr35 -InboundConnector", out var connector, out var message))
                {
                    p._connectors.Add(connector!);
                }
                else
                {
                    error(InvalidInput("InvalidConnector", message, item));
                }
            }
        }

        foreach (var item in cmd.AcceptedDomain ?? Array.Empty<object>())
        {
            foreach (var text in InboundConnectorInput.AcceptedDomainTexts(item))
            {
                if (DomainNameValidator.TryNormalize(text, out var domain, out var reason))
                {
                    if (!p._acceptedDomains.Contains(domain))
                    {
                        p._acceptedDomains.Add(domain);
                    }
                }
                else
                {
                    error(InvalidInput("InvalidAcceptedDomain", $"The -AcceptedDomain value '{text}' is not a domain name: {reason}. Give domains such as contoso.com, or -AcceptedDomain (Get-AcceptedDomain).", item));
                }
            }
        }

        p.ReadSenderIPAddress(cmd.SenderIPAddress, error);
        p.ReadCertificateNames(cmd.CertificateName, error);
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
        AcceptedDomains = _acceptedDomains,
        ExpectedHost = ExpectedHost,
        ConnectorsGiven = _connectorsGiven,
        SenderGiven = SenderIPAddress is not null || _certificateNames.Count > 0,
        Probe = Probe,
    };

    private static ErrorRecord InvalidInput(string errorId, string message, object? target) =>
        new(new ArgumentException(SafeText.Message(message, target as string)), errorId, ErrorCategory.InvalidArgument, target);

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
        error(InvalidInput("InvalidSmartHost", $"The smart host '{SafeText.Escape(text)}'{of} is not valid: {reason}. Give a host such as contoso-com.mail.protection.outlook.com or contoso.onmicrosoft.com.", text));
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
            error(InvalidInput("InvalidSendConnector", $"The -SendConnector value '{item}' is not a send connector: it has no SmartHosts property. Give the objects of Get-SendConnector.", item));
            return;
        }

        foreach (var host in smartHosts)
        {
            AddSmartHost(host, string.IsNullOrWhiteSpace(name) ? null : name, port, error);
        }
    }

    private void ReadSenderIPAddress(string? value, Action<ErrorRecord> error)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        var text = value!.Trim().Trim('[', ']');
        if (IPAddress.TryParse(text, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6 && parsed.IsIPv4MappedToIPv6)
        {
            text = parsed.MapToIPv4().ToString();
        }

        if (IpLiteral.TryParseIPv4(text, out var address))
        {
            SenderIPAddress = IpLiteral.FormatIPv4(address);
            return;
        }

        error(InvalidInput("InvalidSenderIPAddress", $"The -SenderIPAddress value '{value}' is not an IPv4 address: Exchange Online inbound connectors match IPv4 addresses only. Give the public IPv4 address the sending server connects from, such as 203.0.113.25.", value));
    }

    private void ReadCertificateNames(string[]? values, Action<ErrorRecord> error)
    {
        foreach (var input in values ?? Array.Empty<string>())
        {
            if (string.IsNullOrWhiteSpace(input))
            {
                continue;
            }

            IEnumerable<string> names;
            if (ExchangeCertificateName.IsDistinguishedNameForm(input))
            {
                if (!ExchangeCertificateName.TryParse(input, out var parsed, out var reason))
                {
                    error(InvalidInput("InvalidCertificateName", $"The -CertificateName value '{input}' cannot be used: {reason}.", input));
                    continue;
                }

                names = parsed!.CommonNames;
            }
            else
            {
                names = input.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries);
            }

            foreach (var name in names)
            {
                if (CertificateNameMatcher.TryNormalizeCertificateName(name, out var normalized, out var reason))
                {
                    if (!_certificateNames.Contains(normalized))
                    {
                        _certificateNames.Add(normalized);
                    }
                }
                else
                {
                    error(InvalidInput("InvalidCertificateName", $"The -CertificateName value '{input}' cannot be used: '{name}' is not a DNS name ({reason}). Give the names on the certificate, such as mail.contoso.com.", input));
                }
            }
        }
    }
}
