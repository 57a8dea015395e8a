using System;
using System.Globalization;
using System.Text;

namespace ATTR35.Base;

/// <summary>
/// The one escaper for text from outside (a server's reply, a certificate, a DNS answer, the
/// user's input) on its way to a result, an error or a verbose line. Control, format and
/// line-separator characters and halves of surrogate pairs become \uNNNN: they are never meant to
/// be shown, and shown as they are they break lines, reorder text or drive the terminal (escape
/// sequences). Raw bytes off the wire, which need not be text at all, are shown by
/// <see cref="EscapeBytes"/> instead.
/// </summary>
internal static class SafeText
{
    /// <summary>How many characters of received data or of a quoted value a message keeps.</summary>
    public const int QuoteLength = 100;

    /// <summary>How much of the input, or of any one word, an error message keeps.</summary>
    public const int MaxQuoted = 120;

    /// <summary>The longest error message.</summary>
    public const int MaxMessageLength = 4000;

    /// <summary>The text with every unsafe character escaped; the same string when there is none.</summary>
    public static string Escape(string text)
    {
        var first = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text, i))
            {
                first = i;
                break;
            }
        }

        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            AppendSafe(escaped, text, i);
        }

        return escaped.ToString();
    }

    /// <summary>
    /// The text escaped and cut after <paramref name="maxLength"/> characters, with "..."
    /// appended: a value quoted inside a sentence.
    /// </summary>
    public static string Quote(string? text, int maxLength = QuoteLength)
    {
        var escaped = Escape(text ?? string.Empty);
        return escaped.Length <= maxLength ? escaped : escaped.Substring(0, maxLength) + "...";
    }

    /// <summary>
    /// Bytes as received: printable ASCII as is; CR, LF and tab as <c>\r</c>, <c>\n</c>,
    /// <c>\t</c>; a backslash doubled; every other byte as <c>\xNN</c> (a byte is not a character,
    /// so it is shown as the byte it is). Cut after <paramref name="maxLength"/> characters, with
    /// "..." appended.
    /// </summary>
    public static string EscapeBytes(byte[] data, int offset, int count, int maxLength = QuoteLength)
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

    /// <summary>
    /// An error message that quotes what the user gave, safe to print: input can hold line breaks,
    /// terminal escape sequences, bidirectional overrides or a megabyte of text, and echoed as it
    /// is it would break the console or bury the message. The input is cut to
    /// <see cref="MaxQuoted"/> characters, so is any one word, every unsafe character is escaped,
    /// and the message keeps its start (what was wrong) and its end (what to do) within
    /// <see cref="MaxMessageLength"/>. The error record's TargetObject keeps the input as it was.
    /// </summary>
    public static string Message(string message, string? input = null)
    {
        if (input is not null && input.Length > MaxQuoted)
        {
            message = message.Replace(input, input.Substring(0, MaxQuoted) + "...");
        }

        var text = new StringBuilder(Math.Min(message.Length, 2 * MaxMessageLength));
        var word = 0;
        for (var i = 0; i < message.Length; i++)
        {
            word = char.IsWhiteSpace(message[i]) ? 0 : word + 1;
            if (word == MaxQuoted + 1)
            {
                text.Append("...");
            }

            if (word <= MaxQuoted)
            {
                AppendSafe(text, message, i);
            }
        }

        if (text.Length > MaxMessageLength)
        {
            var head = text.ToString(0, MaxMessageLength / 2);
            var tail = text.ToString(text.Length - (MaxMessageLength * 2 / 5), MaxMessageLength * 2 / 5);
            return head + " ... " + tail;
        }

        return text.ToString();
    }

    /// <summary>True when the character at <paramref name="index"/> must not be shown as it is.</summary>
    public static bool IsUnsafe(string text, int index)
    {
        var c = text[index];
        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.Control:
            case UnicodeCategory.Format:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
                return true;
            case UnicodeCategory.Surrogate:
                // A pair is one character (an emoji); half of one is garbage that breaks encoders.
                return char.IsHighSurrogate(c)
                    ? index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1])
                    : index == 0 || !char.IsHighSurrogate(text[index - 1]);
            default:
                return false;
        }
    }

    private static void AppendSafe(StringBuilder sb, string text, int index)
    {
        if (IsUnsafe(text, index))
        {
            sb.Append("\\u").Append(((int)text[index]).ToString("X4", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(text[index]);
        }
    }
}
