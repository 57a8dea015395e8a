using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ATTR35.Base;

namespace ATTR35.Microsoft365;

/// <summary>
/// The one Exchange Online reply parser of the module: finds an Exchange Online SMTP reply in any
/// text (a probe reply, a log line, a queue's LastError, a message trace Detail, an NDR), unwraps
/// the wrappers Exchange puts around a remote reply (<c>451 4.4.395 Target host responded with
/// error. -&gt; reply</c>, <c>{LED=reply};{MSG=}...</c>), and reads its code, enhanced code, ATTR
/// token, bracket (front end, time, id), <see cref="ReplyKind"/> and region.
/// </summary>
internal sealed class ExchangeReply
{
    // A reply code and an enhanced status code: "451 4.4.62", "451-4.4.62". Neither may be part
    // of a longer number ("14.4.620", "4.4.62.1", an address like 10.4.4.62).
    private static readonly Regex s_codePair = new(
        @"(?<![0-9.])(?<code>[245][0-9]{2})[ -]+(?<enh>[245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9]|\.[0-9])",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static readonly Regex s_enhancedOnly = new(
        @"(?<![0-9.])(?<enh>[245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9]|\.[0-9])",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    // ATTR<digits>[.<digits>] as a whole word: not XATTR35, not ATTR350.
    private static readonly Regex s_token = new(
        @"(?<![A-Za-z0-9])ATTR(?<n>[0-9]{1,4}(?:\.[0-9]{1,4})?)(?![0-9A-Za-z])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    // "[host]", "[Hostname=host]", "[host 2024-05-02T14:00:00.123Z 08DC6A1B2C3D4E5F]"; a bracket
    // cut short at the end of the text still names its host.
    private static readonly Regex s_bracket = new(
        @"\[(?:Hostname=)?(?<host>[A-Za-z0-9][A-Za-z0-9.-]{0,252})(?<rest>[^\[\]\r\n]{0,200})(?:\]|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static readonly Regex s_bracketTime = new(
        @"(?<![0-9])(?<t>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,7})?Z)",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static readonly string[] s_bracketTimeFormats =
    {
        "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.f'Z'", "yyyy-MM-dd'T'HH:mm:ss.ff'Z'", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.ffff'Z'", "yyyy-MM-dd'T'HH:mm:ss.fffff'Z'", "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
    };

    private const int MaxNames = 4096;
    private static readonly Dictionary<string, (bool IsServer, string? Region)> s_names = new(StringComparer.OrdinalIgnoreCase);

    private static readonly Regex s_bracketId = new(@"(?<![0-9A-Fa-f])(?<id>[0-9A-Fa-f]{16})(?![0-9A-Fa-f])", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    // Any dotted host name in the text, for the region: "Generating server: X", "FQDN=X", "at X (ip)".
    private static readonly Regex s_hostName = new(
        @"(?<![A-Za-z0-9.-])(?<host>[A-Za-z0-9][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9][A-Za-z0-9-]{0,62}){1,10})",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    // What marks a reply as Exchange Online's when it has no ATTR token: a Microsoft 365 name
    // anywhere in the text (the relay, the bracket, the generating server) or an AS(...) tag.
    private static readonly Regex s_microsoftName = new(
        @"outlook\.com|office365\.(?:com|us)|outlook\.cn|outlook\.de|mx\.microsoft|eop-[a-z]{3}[0-9]|protection\.outlook|\bAS\([0-9]{6,}\)|\(AS[0-9]{6,}\)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    // Where a wrapped reply ends: Postfix's "(in reply to RCPT TO command)", the next {...} field of
    // a LED wrapper, Exchange's "OutboundProxyTargetIP" trailer.
    private static readonly char[] s_lineBreaks = { '\r', '\n' };

    private static readonly string[] s_replyEnds = { " (in reply to ", "};", "}]", "; OutboundProxyTargetIP", ". OutboundProxyTargetIP" };

    private ExchangeReply(string text, int? code, string? enhancedCode, string? attrToken, ReplyKind kind)
    {
        Text = text;
        Code = code;
        EnhancedCode = enhancedCode;
        AttrToken = attrToken;
        Kind = kind;
    }

    /// <summary>The SMTP reply code (451), when the reply carries one.</summary>
    public int? Code { get; }

    /// <summary>The enhanced status code (4.4.62).</summary>
    public string? EnhancedCode { get; }

    /// <summary>The ATTR token in upper case (ATTR35, ATTR55.1), when there is one; only ATTR35 is the wrong-region error.</summary>
    public string? AttrToken { get; }

    /// <summary>What the reply means.</summary>
    public ReplyKind Kind { get; }

    /// <summary>The inner reply: unwrapped, continuation lines joined, not yet escaped.</summary>
    public string Text { get; }

    /// <summary>The server that answered, from the first bracket naming a host.</summary>
    public string? FrontEnd { get; private set; }

    /// <summary>The time in the bracket (2023+ replies).</summary>
    public DateTimeOffset? BracketTime { get; private set; }

    /// <summary>The 16-hex id in the bracket (2023+ replies).</summary>
    public string? BracketId { get; private set; }

    /// <summary>The region read from every name in the text that carries one (a hint: the region reached, not the tenant's home).</summary>
    public string? Region { get; private set; }

    /// <summary>True for the ATTR35 family: ATTR35 itself and the attribution replies that share its causes.</summary>
    public bool IsAttr35Family => Kind is ReplyKind.Attr35 or ReplyKind.TenantAttribution or ReplyKind.TenantInboundAttribution;

    /// <summary>
    /// Finds the Exchange Online reply in <paramref name="text"/>: false when the text holds no
    /// reply code, or none that is Exchange Online's (no ATTR token, no Microsoft 365 name).
    /// </summary>
    public static bool TryParse(string? text, out ExchangeReply? reply)
    {
        reply = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var all = text!;
        var candidates = FindCandidates(all);
        if (candidates.Count == 0)
        {
            return false;
        }

        // The first candidate whose meaning is known wins (a delay NDR names Exchange's own
        // "400 4.4.7 Message delayed" before the remote reply); else the first.
        Candidate? chosen = null;
        foreach (var c in candidates)
        {
            if (c.Kind != ReplyKind.Other)
            {
                chosen = c;
                break;
            }
        }

        chosen ??= candidates[0];
        if (chosen.Token is null && chosen.Kind == ReplyKind.Other && !IsExchangeOnline(all, chosen))
        {
            return false;
        }

        reply = new ExchangeReply(chosen.Text, chosen.Code, chosen.Enhanced, chosen.Token, chosen.Kind);
        reply.ReadBrackets(all);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private sealed class Candidate
    {
        public int Start;
        public int? Code;
        public string Enhanced = string.Empty;
        public string Text = string.Empty;
        public string? Token;
        public ReplyKind Kind;
    }

    private static List<Candidate> FindCandidates(string all)
    {
        var found = new List<Candidate>();
        foreach (Match m in s_codePair.Matches(all))
        {
            found.Add(new Candidate
            {
                Start = m.Index,
                Code = int.Parse(m.Groups["code"].Value, CultureInfo.InvariantCulture),
                Enhanced = m.Groups["enh"].Value,
            });
        }

        if (found.Count == 0)
        {
            foreach (Match m in s_enhancedOnly.Matches(all))
            {
                found.Add(new Candidate { Start = m.Index, Enhanced = m.Groups["enh"].Value });
            }
        }

        var result = new List<Candidate>(found.Count);
        for (var i = 0; i < found.Count; i++)
        {
            var c = found[i];
            // A continuation line of the same multi-line reply ("451-4.4.62 ...\n451 4.4.62 ATTR35")
            // is part of the reply before it, not a reply of its own.
            if (result.Count > 0 && IsContinuation(all, result[result.Count - 1], c))
            {
                continue;
            }

            var next = all.Length;
            for (var j = i + 1; j < found.Count; j++)
            {
                if (!IsContinuationStart(all, c, found[j]))
                {
                    next = found[j].Start;
                    break;
                }
            }

            c.Text = Segment(all, c, next);
            var tokenMatch = s_token.Match(c.Text);
            c.Token = tokenMatch.Success ? "ATTR" + tokenMatch.Groups["n"].Value : null;

            // The wrappers: Exchange's "4.4.395 Target host responded with error. -> remote reply"
            // and its own "4.4.7 Message delayed" are never the reply that explains the deferral.
            if (c.Enhanced is "4.4.395" || (c.Enhanced is "4.4.7" && i + 1 < found.Count))
            {
                continue;
            }

            c.Kind = Classify(c.Code, c.Enhanced, c.Token, c.Text);
            result.Add(c);
        }

        return result;
    }

    private static bool IsContinuationStart(string all, Candidate first, Candidate later) =>
        later.Code is not null && later.Code == first.Code && later.Enhanced == first.Enhanced && StartsLine(all, later.Start)
        && first.Start < later.Start && IsMultiLineStart(all, first);

    private static bool IsContinuation(string all, Candidate previous, Candidate c) => IsContinuationStart(all, previous, c);

    private static bool IsMultiLineStart(string all, Candidate c) => c.Code is not null && c.Start + 3 < all.Length && all[c.Start + 3] == '-';

    private static bool StartsLine(string all, int index)
    {
        var i = index - 1;
        while (i >= 0 && (all[i] == ' ' || all[i] == '\t'))
        {
            i--;
        }

        return i < 0 || all[i] == '\n' || all[i] == '\r';
    }

    // The reply from its code to where it ends: a wrapper's closing mark, the end of its line
    // (unless the line is "451-...", so that "451 ..." continuation lines follow), or the next reply.
    private static string Segment(string all, Candidate c, int limit)
    {
        var sb = new StringBuilder();
        var pos = c.Start;
        var codeText = c.Code?.ToString(CultureInfo.InvariantCulture);
        var quoted = IsQuoted(all, c.Start);
        var first = true;
        while (pos < limit)
        {
            var eol = all.IndexOfAny(s_lineBreaks, pos, limit - pos);
            var line = all.Substring(pos, (eol < 0 ? limit : eol) - pos).TrimStart();
            var more = false;
            if (codeText is not null)
            {
                if (!line.StartsWith(codeText, StringComparison.Ordinal) || line.Length < 4 || (line[3] != '-' && line[3] != ' '))
                {
                    if (!first)
                    {
                        break;
                    }
                }
                else
                {
                    more = line[3] == '-';
                    line = line.Substring(4).TrimStart();
                    if (!first && line.StartsWith(c.Enhanced, StringComparison.Ordinal))
                    {
                        line = line.Substring(c.Enhanced.Length).TrimStart();
                    }
                    else if (first)
                    {
                        line = codeText + " " + line;
                    }
                }
            }

            var cut = Cut(line, quoted);
            if (cut.Text.Length > 0)
            {
                sb.Append(first ? string.Empty : " ").Append(cut.Text);
            }

            first = false;
            if (cut.Ended || eol < 0 || !more)
            {
                break;
            }

            pos = eol;
            while (pos < limit && (all[pos] == '\r' || all[pos] == '\n'))
            {
                pos++;
            }
        }

        return sb.ToString().Trim();
    }

    // "returned '451 4.4.395 ... -> 451 4.4.62 ...'": a quote opened after "returned" and not yet
    // closed before the reply closes it.
    private static bool IsQuoted(string all, int start)
    {
        if (start == 0)
        {
            return false;
        }

        if (all[start - 1] == '\'')
        {
            return true;
        }

        var q = all.LastIndexOf('\'', start - 1);
        return q >= 9 && string.Compare(all, q - 9, "returned ", 0, 9, StringComparison.OrdinalIgnoreCase) == 0;
    }

    private static (string Text, bool Ended) Cut(string line, bool quoted)
    {
        var end = line.Length;
        foreach (var mark in s_replyEnds)
        {
            var at = line.IndexOf(mark, StringComparison.Ordinal);
            if (at >= 0 && at < end)
            {
                end = at;
            }
        }

        if (quoted)
        {
            // "returned '451 4.4.62 ...'": the quote closes the reply.
            var at = line.IndexOf('\'');
            if (at >= 0 && at < end)
            {
                end = at;
            }
        }

        return (line.Substring(0, end).TrimEnd(), end < line.Length);
    }

    private static bool IsExchangeOnline(string all, Candidate c)
    {
        // Codes only Exchange Online answers.
        if (c.Enhanced is "4.4.62" or "5.7.64" or "5.7.51" or "5.7.68")
        {
            return true;
        }

        if (c.Text.IndexOf("TenantAttribution", StringComparison.OrdinalIgnoreCase) >= 0
            || c.Text.IndexOf("TenantInboundAttribution", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return true;
        }

        return s_microsoftName.IsMatch(all);
    }

    /// <summary>The contract's Kind table, first match wins.</summary>
    internal static ReplyKind Classify(int? code, string enhanced, string? token, string text)
    {
        var (cls, subject, detail) = SplitEnhanced(enhanced);
        var tokenNumber = token?.Substring(4);
        bool Has(string word) => text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0;

        if (enhanced == "4.4.62" && tokenNumber == "35")
        {
            return ReplyKind.Attr35;
        }

        if (enhanced is "5.7.51" or "5.7.68" || Has("TenantInboundAttribution"))
        {
            return ReplyKind.TenantInboundAttribution;
        }

        if (enhanced == "5.7.64" || Has("TenantAttribution"))
        {
            return ReplyKind.TenantAttribution;
        }

        if (tokenNumber == "38" || (enhanced == "4.5.3" && Has("multiple regions")))
        {
            return ReplyKind.MultipleRegions;
        }

        if (tokenNumber == "34" || enhanced == "5.4.14")
        {
            return ReplyKind.MailLoop;
        }

        if (tokenNumber == "5" || (enhanced == "4.4.4" && Has("mail-enabled subscription")))
        {
            return ReplyKind.NoMailSubscription;
        }

        if (enhanced is "5.7.57" or "5.7.3" or "5.7.139" || Has(".outlook.office365.com") || IsClientAccessBracket(text))
        {
            return ReplyKind.ClientSubmission;
        }

        if (enhanced == "5.4.1")
        {
            return ReplyKind.RecipientRejected;
        }

        if ((cls == 4 && subject == 7 && detail is >= 500 and <= 699) || (enhanced == "4.3.2" && Has("concurrent")))
        {
            return ReplyKind.Throttled;
        }

        if (tokenNumber is "55" or "55.1" or "17" or "18" || (cls == 4 && enhanced is "4.3.2" or "4.4.3"))
        {
            return ReplyKind.TemporaryError;
        }

        if ((cls == 5 && subject == 7 && detail is (>= 606 and <= 649) or 1 or 708 or 750))
        {
            return ReplyKind.Blocked;
        }

        _ = code;
        return ReplyKind.Other;
    }

    private static bool IsClientAccessBracket(string text)
    {
        foreach (Match m in s_bracket.Matches(text))
        {
            if (RegionParser.IsClientAccessName(m.Groups["host"].Value))
            {
                return true;
            }
        }

        return false;
    }

    private static (int Class, int Subject, int Detail) SplitEnhanced(string enhanced)
    {
        var parts = enhanced.Split('.');
        if (parts.Length != 3)
        {
            return (0, 0, 0);
        }

        int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a);
        int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b);
        int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var c);
        return (a, b, c);
    }

    private void ReadBrackets(string all)
    {
        string? region = null;
        foreach (Match m in s_bracket.Matches(Text))
        {
            var host = DnsName.TrimDot(m.Groups["host"].Value);
            var name = Describe(host);
            if (!name.IsServer)
            {
                continue;
            }

            region ??= name.Region;
            if (FrontEnd is null)
            {
                FrontEnd = host;
                var rest = m.Groups["rest"].Value;
                var t = s_bracketTime.Match(rest);
                if (t.Success && DateTimeOffset.TryParseExact(t.Groups["t"].Value, s_bracketTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
                {
                    BracketTime = time;
                }

                var id = s_bracketId.Match(rest);
                if (id.Success)
                {
                    BracketId = id.Groups["id"].Value.ToUpperInvariant();
                }
            }
        }

        if (region is not null)
        {
            Region = region;
            return;
        }

        // Then every other name in the whole text: the generating server of an NDR, a LED
        // wrapper's FQDN, "Remote Server at X". Bounded: a log line is at most 64 KB.
        foreach (Match m in s_hostName.Matches(all))
        {
            Region = Describe(m.Groups["host"].Value).Region;
            if (Region is not null)
            {
                return;
            }
        }
    }

    // What a name in a reply is, remembered: a log repeats the same few front ends on every line.
    // Bounded: cleared when full, so a log of a million different names keeps memory flat.
    private static (bool IsServer, string? Region) Describe(string name)
    {
        lock (s_names)
        {
            if (s_names.TryGetValue(name, out var known))
            {
                return known;
            }
        }

        var region = RegionParser.FromServerName(name);
        var described = (IsServerName(name, region), region);
        lock (s_names)
        {
            if (s_names.Count >= MaxNames)
            {
                s_names.Clear();
            }

            s_names[name] = described;
        }

        return described;
    }

    // A bracket that names a server: letters, and a dot or a front-end name with a region; an
    // address in brackets ("from [203.0.113.5]") or "[ATTR35]" is something else.
    private static bool IsServerName(string name, string? region)
    {
        if (name.Length == 0 || IpLiteral.TryParse(name, out _))
        {
            return false;
        }

        var hasLetter = false;
        foreach (var ch in name)
        {
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
            {
                hasLetter = true;
                break;
            }
        }

        if (!hasLetter || s_token.IsMatch(name))
        {
            return false;
        }

        return name.IndexOf('.') > 0 || region is not null || RegionParser.IsFrontEndName(name);
    }
}
