using System.Globalization;
using System.Text;

namespace ATTR35.Internal;

/// <summary>
/// Text from outside (a server's reply, a certificate, a DNS answer, the user's input) made safe
/// to put in a result or a message: control, format and line-separator characters and halves of
/// surrogate pairs become \uNNNN. They are never meant to be shown, and shown as they are they
/// break lines, reorder text or drive the terminal (escape sequences).
/// </summary>
internal static class SafeText
{
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
            if (IsUnsafe(text, i))
            {
                escaped.Append("\\u").Append(((int)text[i]).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(text[i]);
            }
        }

        return escaped.ToString();
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
}
