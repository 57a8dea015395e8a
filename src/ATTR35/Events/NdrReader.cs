using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using ATTR35.Base;
using ATTR35.Microsoft365;

namespace ATTR35.Events;

/// <summary>
/// Reads a bounce or delay notification (a saved mail, or its text pasted): the machine part
/// (message/delivery-status: Final-Recipient, Diagnostic-Code, Remote-MTA) first, then the human
/// part (Exchange's "Remote Server at host (ip) returned '...'", Postfix's "host X[ip] said: ..."),
/// which often holds the remote reply when the machine part only says "4.4.7 Message delayed".
/// </summary>
internal static class NdrReader
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    private static readonly Regex s_address = new(@"<?(?<a>[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+)>?", Options);
    private static readonly Regex s_remoteServer = new(@"Remote Server at (?<host>[A-Za-z0-9.-]{1,255})(?: \((?<ip>[0-9A-Fa-f:.]{1,45})\))? returned", Options | RegexOptions.IgnoreCase);
    private static readonly Regex s_postfixSaid = new(@"host (?<host>[A-Za-z0-9.-]{1,255})\[(?<ip>[0-9A-Fa-f:.]{1,45})\] said:", Options);
    private static readonly Regex s_receivingServer = new(@"^Receiving server: (?<host>[A-Za-z0-9.-]{1,255})(?: \((?<ip>[0-9A-Fa-f:.]{1,45})\))?", Options | RegexOptions.IgnoreCase);
    private static readonly Regex s_leadingTime = new(@"^(?<t>[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}:[0-9]{2}(?: [AP]M)?) - ", Options);

    /// <summary>True for pasted NDR text: its machine part or Exchange's administrator section.</summary>
    public static bool LooksLikeNdr(string text) =>
        text.IndexOf("Final-Recipient:", StringComparison.OrdinalIgnoreCase) >= 0
        || text.IndexOf("Diagnostic-Code:", StringComparison.OrdinalIgnoreCase) >= 0
        || text.IndexOf("Diagnostic information for administrators", StringComparison.OrdinalIgnoreCase) >= 0
        || text.IndexOf("Generating server:", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>The first mail address in a text (the recipient a pasted reply names), or null.</summary>
    public static string? FirstAddress(string text)
    {
        var m = s_address.Match(text);
        return m.Success ? m.Groups["a"].Value : null;
    }

    public static IEnumerable<Attr35Event> Read(string text, EventReader reader, string? path, DateTimeOffset reference)
    {
        List<string> texts;
        List<string> status;
        DateTimeOffset? date = null;
        if (MailText.LooksLikeMail(text))
        {
            var mail = MailText.Parse(text);
            texts = mail.Texts;
            status = mail.DeliveryStatus;
            date = mail.Date;
        }
        else
        {
            // Pasted: the machine part, when pasted too, sits in the same text.
            texts = new List<string> { text };
            status = new List<string> { text };
        }

        var human = new List<Human>();
        foreach (var t in texts)
        {
            ReadHuman(t, human);
        }

        var written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var results = new List<Attr35Event>();
        foreach (var block in status)
        {
            foreach (var recipient in ReadStatus(block))
            {
                ExchangeReply? reply = null;
                string? line = null;
                if (recipient.Diagnostic is not null && ExchangeReply.TryParse(recipient.Diagnostic, out var r) && r!.Kind != ReplyKind.Other)
                {
                    reply = r;
                    line = "Diagnostic-Code: " + recipient.Diagnostic;
                }

                Human? said = null;
                if (reply is null)
                {
                    // "Message delayed" in the machine part: the remote reply is in the human part.
                    said = FindHuman(human, recipient.Address);
                    reply = said?.Reply;
                    line = said?.Line;
                }

                if (reply is null || !reader.Wanted(reply))
                {
                    continue;
                }

                var e = EventReader.MakeEvent(reply, EventSource.Ndr, line!, path, null);
                EventReader.SetRecipient(e, recipient.Address ?? said?.Address);
                e.Relay = recipient.RemoteMta ?? said?.Relay;
                e.RelayAddress = said?.RelayAddress;
                e.Time = recipient.Time ?? said?.Time ?? date;
                if (written.Add((e.Recipient ?? string.Empty) + "\n" + e.Reply))
                {
                    results.Add(e);
                }
            }
        }

        // No machine part that names a wanted reply: the human part alone.
        foreach (var h in human)
        {
            if (!reader.Wanted(h.Reply))
            {
                continue;
            }

            var e = EventReader.MakeEvent(h.Reply, EventSource.Ndr, h.Line, path, null);
            EventReader.SetRecipient(e, h.Address);
            if (!written.Add((e.Recipient ?? string.Empty) + "\n" + e.Reply) || Covered(results, e))
            {
                continue;
            }

            e.Relay = h.Relay;
            e.RelayAddress = h.RelayAddress;
            e.Time = h.Time ?? date;
            results.Add(e);
        }

        return results;
    }

    // The same recipient already has an event from the machine part with the same reply kind.
    private static bool Covered(List<Attr35Event> results, Attr35Event e)
    {
        foreach (var r in results)
        {
            if (string.Equals(r.Recipient, e.Recipient, StringComparison.OrdinalIgnoreCase) && r.Kind == e.Kind && r.EnhancedCode == e.EnhancedCode)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Recipient
    {
        public string? Address;
        public string? Diagnostic;
        public string? RemoteMta;
        public DateTimeOffset? Time;
    }

    private sealed class Human
    {
        public ExchangeReply Reply = null!;
        public string Line = string.Empty;
        public string? Address;
        public string? Relay;
        public string? RelayAddress;
        public DateTimeOffset? Time;
    }

    private static IEnumerable<Recipient> ReadStatus(string block)
    {
        // Groups of fields separated by blank lines; each with Final-Recipient is one recipient.
        var groups = Regex.Split(block.Replace("\r\n", "\n"), @"\n[ \t]*\n");
        foreach (var group in groups)
        {
            var fields = MailText.ReadFields(group);
            var r = new Recipient();
            var isRecipient = false;
            foreach (var f in fields)
            {
                switch (f.Key)
                {
                    case "final-recipient":
                        r.Address = EventReader.CleanAddress(f.Value);
                        isRecipient = true;
                        break;
                    case "original-recipient":
                        r.Address ??= EventReader.CleanAddress(f.Value);
                        isRecipient = true;
                        break;
                    case "diagnostic-code":
                        r.Diagnostic = AfterType(f.Value);
                        break;
                    case "remote-mta":
                        r.RemoteMta = DnsName.TrimDot(AfterType(f.Value).Trim());
                        break;
                    case "last-attempt-date":
                        if (MailText.TryParseDate(f.Value, out var t))
                        {
                            r.Time = t;
                        }

                        break;
                }
            }

            if (isRecipient)
            {
                yield return r;
            }
        }
    }

    // "smtp; 451 4.4.62 ...", "dns;host": the part after the type.
    private static string AfterType(string value)
    {
        var semi = value.IndexOf(';');
        return (semi >= 0 && semi < 20 ? value.Substring(semi + 1) : value).Trim();
    }

    private static void ReadHuman(string text, List<Human> found)
    {
        string? lastAddress = null;
        string? receiving = null;
        string? receivingIp = null;
        foreach (var line in Unfold(text))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            var rs = s_receivingServer.Match(trimmed);
            if (rs.Success)
            {
                receiving = rs.Groups["host"].Value;
                receivingIp = rs.Groups["ip"].Success ? rs.Groups["ip"].Value : null;
                continue;
            }

            var address = s_address.Match(trimmed);
            if (address.Success && address.Index == 0 || (address.Success && trimmed.StartsWith("<", StringComparison.Ordinal)))
            {
                lastAddress = address.Groups["a"].Value;
            }

            if (trimmed.Length > BoundedLineReader.MaxLineLength || !ExchangeReply.TryParse(trimmed, out var reply) || reply!.Kind == ReplyKind.Other && !LooksLikeReplyLine(trimmed))
            {
                continue;
            }

            var h = new Human { Reply = reply!, Line = trimmed, Address = lastAddress, Relay = receiving, RelayAddress = receivingIp };
            var remote = s_remoteServer.Match(trimmed);
            var said = remote.Success ? remote : s_postfixSaid.Match(trimmed);
            if (said.Success)
            {
                h.Relay = DnsName.TrimDot(said.Groups["host"].Value);
                h.RelayAddress = said.Groups["ip"].Success && said.Groups["ip"].Length > 0 ? said.Groups["ip"].Value : receivingIp;
            }

            var lt = s_leadingTime.Match(trimmed);
            if (lt.Success && DateTime.TryParse(lt.Groups["t"].Value, CultureInfo.GetCultureInfo("en-US"), DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            {
                h.Time = new DateTimeOffset(time, TimeSpan.Zero);
            }

            found.Add(h);
        }
    }

    private static bool LooksLikeReplyLine(string line) =>
        line.IndexOf(" returned ", StringComparison.OrdinalIgnoreCase) >= 0 || line.IndexOf(" said:", StringComparison.Ordinal) >= 0;

    private static Human? FindHuman(List<Human> human, string? address)
    {
        Human? any = null;
        foreach (var h in human)
        {
            if (h.Reply.Kind == ReplyKind.Other)
            {
                continue;
            }

            if (address is not null && (string.Equals(h.Address, address, StringComparison.OrdinalIgnoreCase) || h.Line.IndexOf(address, StringComparison.OrdinalIgnoreCase) >= 0))
            {
                return h;
            }

            any ??= h;
        }

        return any;
    }

    // Postfix folds its human part ("<rcpt>: host X[ip]\n    said: 451 ..."): a line that starts
    // with white space goes on the line before.
    private static IEnumerable<string> Unfold(string text)
    {
        using var reader = new StringReader(text);
        var current = new StringBuilder();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && current.Length > 0)
            {
                current.Append(' ').Append(line.Trim());
                continue;
            }

            if (current.Length > 0)
            {
                yield return current.ToString();
            }

            current.Clear().Append(line);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }
}
