using System;
using System.Globalization;
using System.Text;

namespace ATTR35.Smtp;

/// <summary>Shows untrusted bytes from a server safely in a message or transcript.</summary>
internal static class SmtpText
{
    /// <summary>How many characters of received data a message quotes.</summary>
    public const int QuoteLength = 100;

    /// <summary>
    /// Printable ASCII as is; CR, LF and tab as <c>\r</c>, <c>\n</c>, <c>\t</c>; every other byte
    /// as <c>\xNN</c>. Cut after <paramref name="maxLength"/> characters, with "..." appended.
    /// </summary>
    public static string Escape(byte[] data, int offset, int count, int maxLength = QuoteLength)
    {
        var sb = new StringBuilder(Math.Min(count, maxLength) + 8);
        for (var i = 0; i < count; i++)
        {
            if (sb.Length >= maxLength)
            {
                sb.Append("...");
                break;
            }

            var b = data[offset + i];
            switch (b)
            {
                case (byte)'\r': sb.Append("\\r"); break;
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                case (byte)'\\': sb.Append("\\\\"); break;
                default:
                    if (b >= 0x20 && b < 0x7F)
                    {
                        sb.Append((char)b);
                    }
                    else
                    {
                        sb.Append("\\x").Append(b.ToString("X2", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>The same for text (UTF-16 code units above 0x7E are shown as <c>\uNNNN</c>).</summary>
    public static string Escape(string text, int maxLength = QuoteLength)
    {
        var sb = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (var c in text)
        {
            if (sb.Length >= maxLength)
            {
                sb.Append("...");
                break;
            }

            switch (c)
            {
                case '\r': sb.Append("\\r"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c >= ' ' && c < (char)0x7F)
                    {
                        sb.Append(c);
                    }
                    else
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        return sb.ToString();
    }
}
