using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace ATTR35.Formatting;

/// <summary>
/// The text of the table and list views in ATTR35.format.ps1xml. Not part of the module's API:
/// it is public only because format files can call nothing else. Keeping the text here, rather
/// than in script blocks repeated across views, gives every view the same sentences and colours.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ViewText
{
    private const string PlainText = "PlainText";

    /// <summary>
    /// The name of a <see cref="CheckStatus"/> or <see cref="Severity"/>, coloured with the ANSI
    /// sequences of <paramref name="style"/> (PowerShell 7.2+'s $PSStyle) unless its
    /// OutputRendering is PlainText. Without a style (Windows PowerShell 5.1) the text is plain.
    /// PowerShell itself strips the sequences when output is redirected or sent to Out-String/Out-File.
    /// </summary>
    public static string Status(object? value, object? style)
    {
        var name = value is PSObject wrapped ? wrapped.BaseObject?.ToString() : value?.ToString();
        return Paint(name ?? string.Empty, ColourOf(name), style);
    }

    /// <summary>Every finding as a sentence on its own line: "Fail MxLegacyHost: message Remedy: remedy".</summary>
    public static string Findings(Finding[]? findings, object? style)
    {
        if (findings is null || findings.Length == 0)
        {
            return string.Empty;
        }

        return string.Join("\n", findings.Where(f => f is not null).Select(f => Sentence(f, style)));
    }

    /// <summary>One finding as a sentence, its severity coloured.</summary>
    public static string Sentence(Finding finding, object? style)
    {
        if (finding is null)
        {
            throw new ArgumentNullException(nameof(finding));
        }

        var text = Status(finding.Severity, style) + " " + finding.Code + ": " + finding.Message.Trim();
        return finding.Remedy.Length == 0 ? text : text + " Remedy: " + finding.Remedy.Trim();
    }

    /// <summary>An event's time in the table: month, day, hours and minutes in its own offset; empty when the source has none.</summary>
    public static string EventTime(DateTimeOffset? time) =>
        time is null ? string.Empty : time.Value.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The message of the worst finding, for the last column of a table.</summary>
    public static string WorstFinding(Finding[]? findings) =>
        findings is { Length: > 0 } && findings[0] is not null ? findings[0].Message : string.Empty;

    /// <summary>
    /// The code of the worst finding, for the Finding column of a table: short, stable, and the
    /// word to look up in about_ATTR35; the sentence is Format-List's.
    /// </summary>
    public static string WorstCode(Finding[]? findings) =>
        findings is { Length: > 0 } && findings[0] is not null ? findings[0].Code : string.Empty;

    /// <summary>Destination hosts in one line, then the send connector they came from, when one was piped.</summary>
    public static string DestinationsAndConnector(SmartHostDestination[]? destinations, string? connector)
    {
        var hosts = DestinationHosts(destinations);
        return string.IsNullOrEmpty(connector) ? hosts : Join(hosts, "(connector " + connector + ")");
    }

    /// <summary>The connector that attributes the mail and how, for a table column: "From relay (IPAddress)".</summary>
    public static string Matched(string? connector, object? matchedBy)
    {
        var how = matchedBy is PSObject wrapped ? wrapped.BaseObject?.ToString() : matchedBy?.ToString();
        return string.IsNullOrEmpty(connector) ? string.Empty : Join(connector, string.IsNullOrEmpty(how) ? null : "(" + how + ")");
    }

    /// <summary>An MX target with what a table has no room for as columns: "host (alias) 192.0.2.1, ...".</summary>
    public static string EntryHost(MxRecordEntry? entry) =>
        entry is null ? string.Empty : Join(entry.Host, entry.IsAlias ? "(alias)" : null, string.Join(", ", entry.Addresses));

    /// <summary>A smart host destination with its addresses: "host 192.0.2.1, ...".</summary>
    public static string DestinationHost(SmartHostDestination? destination) =>
        destination is null ? string.Empty : Join(destination.Host, string.Join(", ", destination.Addresses));

    /// <summary>A date as yyyy-MM-dd: the same ten characters in every culture.</summary>
    public static string Day(DateTime value) => value == default ? string.Empty : value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The checks a diagnosis ran, one per line: "MX contoso.com: Fail", "Smart host relay.contoso.com: Fail", "Inbound connector: Pass".</summary>
    public static string Checks(Attr35Diagnosis? diagnosis)
    {
        if (diagnosis is null)
        {
            return string.Empty;
        }

        var lines = new List<string>();
        if (diagnosis.MxRecord is { } mx)
        {
            lines.Add("MX " + mx.DomainName + ": " + mx.Status + Worst(mx.Findings));
        }

        foreach (var smartHost in diagnosis.SmartHosts.Where(s => s is not null))
        {
            lines.Add("Smart host " + smartHost.SmartHost + ": " + smartHost.Status + Worst(smartHost.Findings));
        }

        if (diagnosis.InboundConnector is { } connector)
        {
            lines.Add("Inbound connector" + (connector.MatchedConnector is null ? string.Empty : " " + connector.MatchedConnector) + ": " + connector.Status + Worst(connector.Findings));
        }

        return lines.Count == 0 ? "(none ran)" : string.Join("\n", lines);

        static string Worst(Finding[]? findings) => findings is { Length: > 0 } && findings[0] is not null ? " (" + findings[0].Code + ")" : string.Empty;
    }

    /// <summary>MX records, one per line: "0 contoso-com.mail.protection.outlook.com (Microsoft365, Worldwide) 192.0.2.1".</summary>
    public static string Records(MxRecordEntry[]? records) =>
        Lines(records, r => Join(
            r.Preference.ToString(CultureInfo.InvariantCulture) + " " + r.Host,
            Describe(r.HostKind, r.Cloud, r.IsAlias ? "alias" : null),
            string.Join(", ", r.Addresses)));

    /// <summary>MX hosts in one line, for a table column: "0 a.example, 10 b.example".</summary>
    public static string RecordHosts(MxRecordEntry[]? records) =>
        records is null ? string.Empty : string.Join(", ", records.Where(r => r is not null).Select(r => r.ToString()));

    /// <summary>Destinations of a smart host, one per line: "10 host (MX; Microsoft365, Worldwide) addresses".</summary>
    public static string Destinations(SmartHostDestination[]? destinations) =>
        Lines(destinations, d => Join(
            d.ToString(),
            "(" + d.Via + "; " + Describe(d.HostKind, d.Cloud, null).Trim('(', ')') + ")",
            string.Join(", ", d.Addresses)));

    /// <summary>Destination hosts in one line, for a table column.</summary>
    public static string DestinationHosts(SmartHostDestination[]? destinations) =>
        destinations is null ? string.Empty : string.Join(", ", destinations.Where(d => d is not null).Select(d => d.Host));

    /// <summary>Connector evaluations, one per line: "From on-premises (OnPremises, enabled): Used: ...".</summary>
    public static string Connectors(ConnectorEvaluation[]? connectors) =>
        Lines(connectors, c => c.Name + " (" + c.ConnectorType + ", " + (c.Enabled ? "enabled" : "disabled") + "): " + c.Reason);

    /// <summary>What an SMTP probe showed, a few short lines; empty when there was no probe.</summary>
    public static string Probe(SmtpProbe? probe)
    {
        if (probe is null)
        {
            return string.Empty;
        }

        var lines = new List<string>
        {
            Join(probe.Address, probe.BannerHost, probe.Region is null ? null : "(region " + probe.Region + (probe.RegionSource is null or "Banner" ? string.Empty : ", from the " + probe.RegionSource + " reply") + ")"),
        };
        if (probe.ObservedClientAddress is not null)
        {
            lines.Add("Sees this client as " + probe.ObservedClientAddress);
        }

        if (probe.StartTls)
        {
            var certificate = probe.Certificate;
            var verdict = certificate is null
                ? null
                : (certificate.ChainValid ? "trusted" : "untrusted chain") + ", " + (certificate.NameMatches ? "name matches" : "name mismatch");
            lines.Add(Join("TLS " + probe.TlsProtocol, certificate is null ? null : "certificate " + FirstName(certificate) + " (" + verdict + ")"));
        }
        else if (probe.Banner is not null)
        {
            lines.Add(probe.StartTlsOffered ? "STARTTLS offered, not established" : "No STARTTLS");
        }

        if (probe.RecipientReply is not null)
        {
            lines.Add("RCPT TO: " + probe.RecipientReply.Replace("\n", " "));
        }

        return string.Join("\n", lines);
    }

    /// <summary>The colour a status or severity name is shown in; null for none (Information).</summary>
    internal static string? ColourOf(string? name) => name switch
    {
        nameof(CheckStatus.Pass) => "Green",
        nameof(CheckStatus.Warning) => "Yellow",
        nameof(CheckStatus.Fail) => "Red",
        nameof(CheckStatus.Error) => "Magenta",
        _ => null,
    };

    /// <summary>
    /// Wraps <paramref name="text"/> in the style's foreground colour and reset sequences. Read by
    /// reflection: the module compiles against PowerShell 5.1, which has no PSStyle type.
    /// </summary>
    internal static string Paint(string text, string? colour, object? style)
    {
        if (colour is null || text.Length == 0)
        {
            return text;
        }

        if (style is PSObject wrapped)
        {
            style = wrapped.BaseObject;
        }

        if (style is null || string.Equals(Read(style, "OutputRendering")?.ToString(), PlainText, StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        var start = Read(Read(style, "Foreground"), colour) as string;
        var reset = Read(style, "Reset") as string;
        return string.IsNullOrEmpty(start) || string.IsNullOrEmpty(reset) ? text : start + text + reset;
    }

    private static object? Read(object? target, string property)
    {
        if (target is null)
        {
            return null;
        }

        try
        {
            return target.GetType().GetProperty(property, BindingFlags.Public | BindingFlags.Instance)?.GetValue(target);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    private static string Describe(HostKind kind, Cloud cloud, string? extra) =>
        "(" + string.Join(", ", new[] { kind.ToString(), cloud == Cloud.None ? null : cloud.ToString(), extra }.Where(s => s is not null)) + ")";

    private static string FirstName(CertificateInfo certificate) =>
        certificate.DnsNames.Length > 0 ? certificate.DnsNames[0] : certificate.Subject;

    private static string Join(params string?[] parts) => string.Join(" ", parts.Where(p => !string.IsNullOrEmpty(p)));

    private static string Lines<T>(T[]? items, Func<T, string> line)
        where T : class =>
        items is null ? string.Empty : string.Join("\n", items.Where(i => i is not null).Select(line));
}
