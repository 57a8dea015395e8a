using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace ATTR35.Events;

/// <summary>
/// Just enough MIME (RFC 2045-2047, 3462/6522 reports) to read a bounce: folded header lines,
/// multipart bodies by boundary, quoted-printable and base64, charsets, nested messages (an NDR
/// forwarded as an attachment). A library such as MimeKit would do this with its crypto stack
/// (about 8 MB of DLLs beside a 1 MB module): see README "Why no MIME library".
/// </summary>
internal sealed class MailText
{
    private const int MaxDepth = 8;
    private const int MaxParts = 200;

    private static readonly Regex s_headerLine = new(@"^[\x21-\x39\x3B-\x7E]{1,76}:", RegexOptions.CultureInvariant);
    private static readonly string[] s_mailHeaders =
    {
        "received:", "from:", "to:", "date:", "subject:", "mime-version:", "message-id:", "return-path:", "content-type:", "delivered-to:", "reply-to:", "x-ms-exchange",
    };

    private int _parts;

    private MailText()
    {
    }

    /// <summary>The Date header of the outermost message.</summary>
    public DateTimeOffset? Date { get; private set; }

    /// <summary>The human-readable text parts (text/plain; text/html with its tags removed when a part has no plain form).</summary>
    public List<string> Texts { get; } = new();

    /// <summary>The decoded message/delivery-status parts.</summary>
    public List<string> DeliveryStatus { get; } = new();

    /// <summary>True when <paramref name="text"/> starts with a block of mail headers.</summary>
    public static bool LooksLikeMail(string text)
    {
        using var reader = new StringReader(text.Length > 8192 ? text.Substring(0, 8192) : text);
        var headers = 0;
        var known = false;
        string? line;
        var lines = 0;
        while ((line = reader.ReadLine()) is not null && lines++ < 60)
        {
            if (line.Length == 0)
            {
                break;
            }

            if (line[0] == ' ' || line[0] == '\t')
            {
                if (headers == 0)
                {
                    return false;
                }

                continue;
            }

            if (!s_headerLine.IsMatch(line))
            {
                // "From sender date" (mbox) starts some saved mails; anything else is not a header block.
                if (headers == 0 && line.StartsWith("From ", StringComparison.Ordinal))
                {
                    continue;
                }

                return false;
            }

            headers++;
            var lower = line.ToLowerInvariant();
            foreach (var h in s_mailHeaders)
            {
                if (lower.StartsWith(h, StringComparison.Ordinal))
                {
                    known = true;
                }
            }
        }

        return headers >= 2 && known;
    }

    /// <summary>Decodes a whole mail.</summary>
    public static MailText Parse(string mail)
    {
        var result = new MailText();
        var (headers, body) = SplitHeaders(mail);
        if (Header(headers, "date") is { } date && TryParseDate(date, out var time))
        {
            result.Date = time;
        }

        result.ReadEntity(headers, body, 0);
        return result;
    }

    /// <summary>A mail date (RFC 5322, with or without the day name and zone comment).</summary>
    public static bool TryParseDate(string text, out DateTimeOffset time)
    {
        var t = Regex.Replace(text, @"\([^)]*\)", string.Empty).Trim();
        var comma = t.IndexOf(',');
        if (comma >= 0 && comma < 5)
        {
            t = t.Substring(comma + 1).Trim();
        }

        t = Regex.Replace(t, @"\s+", " ");
        t = Regex.Replace(t, @" (?<sign>[+-])(?<h>[0-9]{2})(?<m>[0-9]{2})$", " ${sign}${h}:${m}");
        t = Regex.Replace(t, @" (GMT|UT|UTC|Z)$", " +00:00");
        string[] formats = { "d MMM yyyy H:mm:ss zzz", "d MMM yyyy H:mm zzz", "d MMM yyyy H:mm:ss", "d MMM yy H:mm:ss zzz" };
        return DateTimeOffset.TryParseExact(t, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out time)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    /// <summary>Header fields with folded lines joined, in order; names lower case.</summary>
    public static List<KeyValuePair<string, string>> ReadFields(string block)
    {
        var fields = new List<KeyValuePair<string, string>>();
        using var reader = new StringReader(block);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if ((line.StartsWith(" ", StringComparison.Ordinal) || line.StartsWith("\t", StringComparison.Ordinal)) && fields.Count > 0)
            {
                var last = fields[fields.Count - 1];
                fields[fields.Count - 1] = new KeyValuePair<string, string>(last.Key, last.Value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            fields.Add(new KeyValuePair<string, string>(line.Substring(0, colon).Trim().ToLowerInvariant(), line.Substring(colon + 1).Trim()));
        }

        return fields;
    }

    private static (List<KeyValuePair<string, string>> Headers, string Body) SplitHeaders(string entity)
    {
        var end = IndexOfBlankLine(entity, out var separator);
        return end < 0
            ? (ReadFields(entity), string.Empty)
            : (ReadFields(entity.Substring(0, end)), entity.Substring(end + separator));
    }

    private static int IndexOfBlankLine(string text, out int length)
    {
        if (text.StartsWith("\r\n", StringComparison.Ordinal) || text.StartsWith("\n", StringComparison.Ordinal))
        {
            length = text[0] == '\r' ? 2 : 1;
            return 0;
        }

        var crlf = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lf = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (crlf >= 0 && (lf < 0 || crlf < lf))
        {
            length = 4;
            return crlf;
        }

        length = 2;
        return lf;
    }

    private static string? Header(List<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var h in headers)
        {
            if (h.Key == name)
            {
                return h.Value;
            }
        }

        return null;
    }

    private static string? Parameter(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        var m = Regex.Match(value, @";\s*" + name + @"\*?\s*=\s*(?:""(?<v>[^""]*)""|(?<v>[^;\s]+))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return m.Success ? m.Groups["v"].Value : null;
    }

    private void ReadEntity(List<KeyValuePair<string, string>> headers, string body, int depth)
    {
        if (depth > MaxDepth || ++_parts > MaxParts)
        {
            return;
        }

        var contentType = Header(headers, "content-type") ?? "text/plain";
        var type = contentType.Split(';')[0].Trim().ToLowerInvariant();
        if (type.StartsWith("multipart/", StringComparison.Ordinal))
        {
            var boundary = Parameter(contentType, "boundary");
            if (boundary is null)
            {
                Texts.Add(body);
                return;
            }

            var parts = SplitMultipart(body, boundary);
            var hasPlain = false;
            foreach (var part in parts)
            {
                var (h, _) = SplitHeaders(part);
                hasPlain |= (Header(h, "content-type") ?? "text/plain").Trim().StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);
            }

            foreach (var part in parts)
            {
                var (h, b) = SplitHeaders(part);
                var partType = (Header(h, "content-type") ?? "text/plain").Split(';')[0].Trim().ToLowerInvariant();
                if (type == "multipart/alternative" && hasPlain && partType == "text/html")
                {
                    continue;
                }

                ReadEntity(h, b, depth + 1);
            }

            return;
        }

        var decoded = Decode(body, Header(headers, "content-transfer-encoding"), Parameter(contentType, "charset"));
        switch (type)
        {
            case "message/delivery-status":
            case "message/global-delivery-status":
                DeliveryStatus.Add(decoded);
                break;
            case "message/rfc822":
            case "message/global":
                var (h, b) = SplitHeaders(decoded);
                ReadEntity(h, b, depth + 1);
                break;
            case "text/html":
                Texts.Add(StripHtml(decoded));
                break;
            case "text/plain":
                Texts.Add(decoded);
                break;
            default:
                // text/rfc822-headers (the returned original's headers), attachments: no reply there.
                break;
        }
    }

    private static List<string> SplitMultipart(string body, string boundary)
    {
        var parts = new List<string>();
        var marker = "--" + boundary;
        var lines = body.Split('\n');
        StringBuilder? current = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(marker, StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    parts.Add(current.ToString());
                }

                current = line.Substring(marker.Length).StartsWith("--", StringComparison.Ordinal) ? null : new StringBuilder();
                if (current is null)
                {
                    break;
                }

                continue;
            }

            current?.Append(line).Append('\n');
        }

        if (current is not null)
        {
            parts.Add(current.ToString());
        }

        return parts;
    }

    private static string Decode(string body, string? transferEncoding, string? charset)
    {
        var te = (transferEncoding ?? string.Empty).Trim().ToLowerInvariant();
        byte[] bytes;
        switch (te)
        {
            case "base64":
                bytes = FromBase64(body);
                break;
            case "quoted-printable":
                bytes = FromQuotedPrintable(body);
                break;
            default:
                return body;
        }

        return GetEncoding(charset).GetString(bytes);
    }

    private static Encoding GetEncoding(string? charset)
    {
        switch ((charset ?? "utf-8").Trim().ToLowerInvariant())
        {
            case "utf-8" or "utf8" or "us-ascii" or "ascii":
                return new UTF8Encoding(false, false);
            case "utf-16" or "unicode":
                return Encoding.Unicode;
            case "iso-8859-1" or "latin1" or "windows-1252" or "cp1252" or "iso-8859-15":
                // Latin-1 for the Windows code page too: the replies quoted in bounces are ASCII.
                return Encoding.GetEncoding(28591);
            default:
                try
                {
                    return Encoding.GetEncoding(charset!.Trim());
                }
                catch (ArgumentException)
                {
                    return new UTF8Encoding(false, false);
                }
        }
    }

    private static byte[] FromBase64(string body)
    {
        var clean = new StringBuilder(body.Length);
        foreach (var c in body)
        {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')
            {
                clean.Append(c);
            }
        }

        // Padding dropped and restored: a truncated part decodes as far as it goes.
        var length = clean.Length - (clean.Length % 4);
        if (clean.Length % 4 == 2)
        {
            clean.Append("==");
            length = clean.Length;
        }
        else if (clean.Length % 4 == 3)
        {
            clean.Append('=');
            length = clean.Length;
        }

        try
        {
            return Convert.FromBase64String(clean.ToString(0, length));
        }
        catch (FormatException)
        {
            return Array.Empty<byte>();
        }
    }

    private static byte[] FromQuotedPrintable(string body)
    {
        var bytes = new List<byte>(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '=')
            {
                // "=\r\n" / "=\n": a soft line break; "=XX": a byte.
                if (i + 1 < body.Length && body[i + 1] == '\n')
                {
                    i++;
                    continue;
                }

                if (i + 2 < body.Length && body[i + 1] == '\r' && body[i + 2] == '\n')
                {
                    i += 2;
                    continue;
                }

                if (i + 2 < body.Length && IsHex(body[i + 1]) && IsHex(body[i + 2]))
                {
                    bytes.Add((byte)((HexValue(body[i + 1]) << 4) | HexValue(body[i + 2])));
                    i += 2;
                    continue;
                }
            }

            if (c < 256)
            {
                bytes.Add((byte)c);
            }
        }

        return bytes.ToArray();
    }

    private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c & ~0x20) - 'A' + 10;

    private static string StripHtml(string html)
    {
        var text = Regex.Replace(html, @"<br\s*/?>|</p>|</div>|</tr>|</li>", "\n", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        text = Regex.Replace(text, "<[^>]*>", string.Empty, RegexOptions.CultureInvariant);
        return System.Net.WebUtility.HtmlDecode(text);
    }
}
