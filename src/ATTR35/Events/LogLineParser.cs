using System;
using System.Globalization;
using System.Text.RegularExpressions;
using ATTR35.Base;

namespace ATTR35.Events;

/// <summary>
/// Reads the fields of a Postfix, Exim or Sendmail log line (formats in DOMAIN.md): the program
/// tells the format, fixed field names give recipient, sender and relay. The reply itself is left
/// to <see cref="Microsoft365.ExchangeReply"/>.
/// </summary>
internal static class LogLineParser
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;

    // "host postfix/smtp[123]: 4F3A21C0A2: " (instances: postfix-eur/smtp), "sm-mta[123]: 4B1C0A2X012345: ".
    private static readonly Regex s_program = new(
        @"^\s*\S{1,255}\s+(?<prog>postfix[A-Za-z0-9_.-]*|sm-mta|sendmail|sm-msp-queue)(?:/[A-Za-z0-9_./-]+)?\[[0-9]{1,10}\]:\s+(?<qid>[0-9A-Za-z]{5,20}):\s",
        Options);

    // "1tAbCd-0001Ab-3x == bob@contoso.com R=dnslookup T=remote_smtp defer (-44) H=..."
    private static readonly Regex s_exim = new(
        @"^\s*(?<id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\s+(?<flag>==|\*\*|<=|=>|->)\s+(?<addr>\S{1,320})",
        Options);

    private static readonly Regex s_to = new(@"\bto=<(?<v>[^>]{0,320})>", Options);
    private static readonly Regex s_from = new(@"\bfrom=<(?<v>[^>]{0,320})>", Options);
    private static readonly Regex s_postfixRelay = new(@"\brelay=(?<host>[^\s\[,]{1,255})\[(?<ip>[0-9A-Fa-f:.]{1,45})\](?::(?<port>[0-9]{1,5}))?", Options);
    private static readonly Regex s_sendmailRelay = new(@"\brelay=(?<host>[^\s\[,]{1,255}?)\.?\s\[(?:IPv6:)?(?<ip>[0-9A-Fa-f:.]{1,45})\]", Options);
    private static readonly Regex s_eximHost = new(@"\bH=(?<host>[^\s\[]{1,255})\s\[(?<ip>[0-9A-Fa-f:.]{1,45})\](?::(?<port>[0-9]{1,5}))?", Options);
    private static readonly Regex s_eximSender = new(@"\sF=<(?<v>[^>]{0,320})>", Options);

    /// <summary>Reads the log fields of <paramref name="line"/>; Source stays Text when no format matches.</summary>
    public static LogLine Parse(string line, DateTimeOffset reference)
    {
        var result = new LogLine();
        var rest = line;
        if (LogTime.TryRead(line, reference, out var time, out var length))
        {
            result.Time = time;
            rest = line.Substring(length);
        }

        var program = s_program.Match(rest);
        if (program.Success)
        {
            var prog = program.Groups["prog"].Value;
            result.Source = prog.StartsWith("postfix", StringComparison.Ordinal) ? EventSource.Postfix : EventSource.Sendmail;
            result.QueueId = program.Groups["qid"].Value;
            var fields = rest.Substring(program.Index + program.Length);
            var to = s_to.Match(fields);
            if (to.Success)
            {
                result.Recipient = Clean(to.Groups["v"].Value);
            }

            var from = to.Success || fields.IndexOf("from=<", StringComparison.Ordinal) < 0 ? Match.Empty : s_from.Match(fields);
            if (from.Success)
            {
                result.Sender = from.Groups["v"].Value;
                result.IsSenderLine = true;
            }

            var relay = result.Source == EventSource.Postfix ? s_postfixRelay.Match(fields) : s_sendmailRelay.Match(fields);
            if (relay.Success)
            {
                SetRelay(result, relay);
            }

            return result;
        }

        var exim = s_exim.Match(rest);
        if (exim.Success)
        {
            result.Source = EventSource.Exim;
            result.QueueId = exim.Groups["id"].Value;
            var addr = Clean(exim.Groups["addr"].Value);
            if (exim.Groups["flag"].Value == "<=")
            {
                result.Sender = addr == "<>" ? string.Empty : addr;
                result.IsSenderLine = true;
                return result;
            }

            result.Recipient = addr;
            var host = s_eximHost.Match(rest);
            if (host.Success)
            {
                SetRelay(result, host);
            }

            var sender = s_eximSender.Match(rest);
            if (sender.Success)
            {
                result.Sender = sender.Groups["v"].Value;
            }
        }

        return result;
    }

    private static void SetRelay(LogLine result, Match m)
    {
        var host = DnsName.TrimDot(m.Groups["host"].Value);
        var ip = m.Groups["ip"].Value;
        // "relay=[192.0.2.1] [192.0.2.1]" (Sendmail to a bracketed smart host): the host is the address.
        result.Relay = host.Trim('[', ']');
        result.RelayAddress = ip.Length == 0 ? null : ip;
        if (m.Groups["port"].Success && int.TryParse(m.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
        {
            result.RelayPort = port;
        }
    }

    private static string Clean(string address) => address.Trim().TrimStart('<').TrimEnd('>', ',', ':');
}
