using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text.RegularExpressions;
using ATTR35.Base;
using ATTR35.Microsoft365;

namespace ATTR35.Events;

/// <summary>
/// Reads the objects admins pipe in, by their property names, whatever their shape: live Exchange
/// objects, deserialized ones (remoting, Import-Clixml), Import-Csv rows (all strings, lists as
/// "a;b" or lost as a type name) and ConvertFrom-Json objects (arrays, "/Date(ms)/" times).
/// </summary>
internal static class ObjectReader
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;

    // The fields of Exchange's wrapper "[{LRT=...};{LED=...};{FQDN=host};{IP=address}]".
    private static readonly Regex s_fqdn = new(@"\{FQDN=(?<v>[^}]{1,255})\}", Options);
    private static readonly Regex s_ip = new(@"\{IP=(?<v>[^}]{1,45})\}", Options);
    private static readonly Regex s_lrt = new(@"\{LRT=(?<v>[^}]{1,60})\}", Options);
    private static readonly Regex s_proxyHost = new(@"OutboundProxyTargetHostName:\s*(?<v>[A-Za-z0-9.-]{1,255})", Options);
    private static readonly Regex s_proxyIp = new(@"OutboundProxyTargetIP:\s*(?<v>[0-9A-Fa-f:.]{1,45}[0-9A-Fa-f])", Options);
    private static readonly Regex s_jsonDate = new(@"^/?Date\((?<ms>-?[0-9]{1,15})(?:[+-][0-9]{4})?\)/?$", RegexOptions.CultureInvariant);
    private static readonly char[] s_listSeparators = { ';', ',', '\r', '\n' };

    public static IEnumerable<Attr35Event> Read(EventReader reader, object? input)
    {
        switch (input)
        {
            case null:
                return Array.Empty<Attr35Event>();
            case PSObject { BaseObject: not PSCustomObject } ps when ps.BaseObject is string or Attr35Event or FileInfo:
                return Read(reader, ps.BaseObject);
            case Attr35Event e:
                return new[] { e };
            case string s:
                return reader.ReadText(s);
            case FileInfo f:
                return reader.ReadFile(f.FullName);
        }

        var unwrapped = input is PSObject p && p.BaseObject is not PSCustomObject ? p.BaseObject : input;
        if (unwrapped is IEnumerable sequence && unwrapped is not IDictionary)
        {
            return ReadEach(reader, sequence);
        }

        return ReadProperties(reader, PSObject.AsPSObject(input));
    }

    private static IEnumerable<Attr35Event> ReadEach(EventReader reader, IEnumerable sequence)
    {
        foreach (var item in sequence)
        {
            foreach (var e in Read(reader, item))
            {
                yield return e;
            }
        }
    }

    private static IEnumerable<Attr35Event> ReadProperties(EventReader reader, PSObject o)
    {
        var results = new List<Attr35Event>();
        if (Has(o, "RecipientStatus") || (Has(o, "EventId") && Has(o, "Recipients")))
        {
            ReadTracking(reader, o, results);
        }
        else if (Has(o, "Detail"))
        {
            ReadTraceDetail(reader, o, results);
        }
        else if (Has(o, "LastError") || Has(o, "Recipients"))
        {
            ReadQueue(reader, o, results);
        }
        else if (Has(o, "MessageTraceId") || (Has(o, "Received") && Has(o, "RecipientAddress")))
        {
            // A message trace summary has a Status, never the reply: the detail has it.
            reader.Verbose($"The message trace entry for {Text(o, "RecipientAddress")} has no reply text; pipe it to Get-MessageTraceDetailV2 and pipe that to Get-Attr35Event.");
        }
        else
        {
            foreach (var name in new[] { "Line", "Message", "Reply", "Text", "Error", "Diagnostic" })
            {
                if (Text(o, name) is { } text)
                {
                    results.AddRange(reader.ReadText(text));
                    break;
                }
            }
        }

        return results;
    }

    // Get-MessageTrackingLog: Recipients and RecipientStatus are parallel lists.
    private static void ReadTracking(EventReader reader, PSObject o, List<Attr35Event> results)
    {
        var recipients = List(o, "Recipients");
        var statuses = List(o, "RecipientStatus", separators: false);
        var time = Time(o, "Timestamp");
        var sender = Text(o, "Sender");
        for (var i = 0; i < statuses.Count; i++)
        {
            var recipient = i < recipients.Count ? recipients[i] : (recipients.Count == 1 ? recipients[0] : null);
            Add(reader, statuses[i], EventSource.MessageTrackingLog, recipient, sender, time, results);
        }
    }

    // Get-MessageTraceDetailV2 / Get-MessageTraceDetail: Date, Event, Detail, RecipientAddress.
    private static void ReadTraceDetail(EventReader reader, PSObject o, List<Attr35Event> results)
    {
        var detail = Text(o, "Detail");
        if (detail is null)
        {
            return;
        }

        Add(reader, detail, EventSource.MessageTrace, Text(o, "RecipientAddress"), Text(o, "SenderAddress"), Time(o, "Date"), results);
    }

    // Get-Queue (LastError, NextHopDomain) and Get-Message (LastError, Recipients with their own LastError).
    private static void ReadQueue(EventReader reader, PSObject o, List<Attr35Event> results)
    {
        var sender = Text(o, "FromAddress");
        var time = Time(o, "LastErrorTime") ?? Time(o, "LastRetryTime") ?? Time(o, "DateReceived");
        // The queue's DeliveryType says whether Exchange followed the MX (DnsConnectorDelivery) or a
        // smart host: a queue's LastError names no host, so without it Test-Attr35 could not tell.
        var deliveryType = Text(o, "DeliveryType") is { } type ? SafeText.Escape(type.Trim()) : null;
        var raw = Value(o, "Recipients");
        var perRecipient = false;
        if (raw is IEnumerable items and not string)
        {
            foreach (var item in items)
            {
                var r = PSObject.AsPSObject(item);
                if (Text(r, "LastError") is { } error)
                {
                    perRecipient = true;
                    Add(reader, error, EventSource.ExchangeQueue, Text(r, "Address") ?? Text(r, "Recipient"), sender, time, results, deliveryType);
                }
            }
        }

        if (perRecipient || Text(o, "LastError") is not { } lastError)
        {
            return;
        }

        var recipients = List(o, "Recipients");
        var before = results.Count;
        Add(reader, lastError, EventSource.ExchangeQueue, recipients.Count > 0 ? recipients[0] : null, sender, time, results, deliveryType);
        if (results.Count > before && recipients.Count == 0 && Text(o, "NextHopDomain") is { } nextHop && nextHop.IndexOf('.') > 0 && nextHop.IndexOf(' ') < 0)
        {
            // A queue has no recipient, but a DNS delivery queue is named after the recipient domain.
            results[results.Count - 1].RecipientDomain = SafeText.Escape(DnsName.Canonical(nextHop.Trim()));
        }
    }

    private static void Add(EventReader reader, string text, EventSource source, string? recipient, string? sender, DateTimeOffset? time, List<Attr35Event> results, string? deliveryType = null)
    {
        if (text.Length > BoundedLineReader.MaxLineLength)
        {
            reader.Verbose($"A {source} entry of {text.Length} characters is longer than {BoundedLineReader.MaxLineLength / 1024} KB and was skipped.");
            return;
        }

        if (!reader.MayHoldReply(text) || !ExchangeReply.TryParse(text, out var reply) || !reader.Wanted(reply!))
        {
            return;
        }

        var e = EventReader.MakeEvent(reply!, source, text, null, null);
        EventReader.SetRecipient(e, recipient ?? NdrReader.FirstAddress(reply!.Text));
        e.Sender = EventReader.CleanAddress(sender) is { } s ? SafeText.Escape(s) : null;
        var fqdn = s_fqdn.Match(text);
        var proxyHost = s_proxyHost.Match(text);
        e.Relay = fqdn.Success ? SafeText.Escape(DnsName.TrimDot(fqdn.Groups["v"].Value.Trim())) : proxyHost.Success ? SafeText.Escape(DnsName.TrimDot(proxyHost.Groups["v"].Value)) : null;
        var ip = s_ip.Match(text);
        var proxyIp = s_proxyIp.Match(text);
        e.RelayAddress = ip.Success && IpLiteral.TryParse(ip.Groups["v"].Value.Trim(), out _) ? ip.Groups["v"].Value.Trim()
            : proxyIp.Success && IpLiteral.TryParse(proxyIp.Groups["v"].Value, out _) ? proxyIp.Groups["v"].Value : null;
        e.Time = time;
        e.DeliveryType = deliveryType;
        var lrt = s_lrt.Match(text);
        if (e.Time is null && lrt.Success && TryTime(lrt.Groups["v"].Value, out var t))
        {
            e.Time = t;
        }

        results.Add(e);
    }

    private static bool Has(PSObject o, string name) => o.Properties[name] is not null;

    private static object? Value(PSObject o, string name)
    {
        var v = o.Properties[name]?.Value;
        return v is PSObject p && p.BaseObject is not PSCustomObject ? p.BaseObject : v;
    }

    private static string? Text(PSObject o, string name)
    {
        var v = Value(o, name);
        if (v is null)
        {
            return null;
        }

        if (v is IEnumerable items and not string)
        {
            var parts = new List<string>();
            foreach (var item in items)
            {
                if (item is not null && Convert.ToString(item is PSObject p ? p.BaseObject : item, CultureInfo.InvariantCulture) is { Length: > 0 } s)
                {
                    parts.Add(s);
                }
            }

            return parts.Count == 0 ? null : string.Join("; ", parts);
        }

        var text = Convert.ToString(v, CultureInfo.InvariantCulture);
        return string.IsNullOrWhiteSpace(text) || Connectors.PropertyValue.IsTypeName(text!) ? null : text;
    }

    // A list property: an array (live, deserialized, JSON) or a string joined with ';' or ','
    // (CSV). A status list is never split: its entries hold ';' themselves.
    private static List<string> List(PSObject o, string name, bool separators = true)
    {
        var list = new List<string>();
        var v = Value(o, name);
        if (v is null)
        {
            return list;
        }

        if (v is IEnumerable items and not string)
        {
            foreach (var item in items)
            {
                var s = Convert.ToString(item is PSObject p ? p.BaseObject : item, CultureInfo.InvariantCulture);
                if (!string.IsNullOrWhiteSpace(s))
                {
                    list.Add(s!.Trim());
                }
            }

            return list;
        }

        var text = Convert.ToString(v, CultureInfo.InvariantCulture);
        if (string.IsNullOrWhiteSpace(text) || Connectors.PropertyValue.IsTypeName(text!))
        {
            return list;
        }

        if (!separators)
        {
            list.Add(text!);
            return list;
        }

        foreach (var part in text!.Split(s_listSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Trim().Length > 0)
            {
                list.Add(part.Trim());
            }
        }

        return list;
    }

    private static DateTimeOffset? Time(PSObject o, string name)
    {
        switch (Value(o, name))
        {
            case null:
                return null;
            case DateTime d:
                return d.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Local)) : new DateTimeOffset(d);
            case DateTimeOffset dto:
                return dto;
            case var other:
                return TryTime(Convert.ToString(other, CultureInfo.InvariantCulture) ?? string.Empty, out var t) ? t : null;
        }
    }

    private static bool TryTime(string text, out DateTimeOffset time)
    {
        var s = text.Trim();
        var json = s_jsonDate.Match(s);
        if (json.Success)
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(json.Groups["ms"].Value, CultureInfo.InvariantCulture));
            return true;
        }

        // CSV from an en-US session ("12/1/2026 12:00:01 PM") or ISO from JSON; the local zone when none is given.
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out time)
            || DateTimeOffset.TryParse(s, CultureInfo.CurrentCulture, DateTimeStyles.AssumeLocal, out time);
    }
}
