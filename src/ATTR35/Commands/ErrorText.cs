using System;
using System.Globalization;
using System.Text;
using ATTR35.Internal;

namespace ATTR35.Commands;

/// <summary>
/// Makes an error message that quotes what the user gave safe to print: input can hold line
/// breaks, terminal escape sequences, bidirectional overrides or a megabyte of text, and echoed
/// as it is it would break the console or bury the message. The input is cut to
/// <see cref="MaxQuoted"/> characters, every control or format character is shown as \uNNNN, and
/// the message keeps its start (what was wrong) and its end (what to do) within <see cref="MaxLength"/>.
/// </summary>
internal static class ErrorText
{
    /// <summary>How much of the input, or of any one word, a message keeps.</summary>
    public const int MaxQuoted = 120;

    /// <summary>The longest message.</summary>
    public const int MaxLength = 4000;

    /// <summary>The message, cleaned; the error record's TargetObject keeps the input as it was.</summary>
    public static string Clean(string message, string? input = null)
    {
        if (input is not null && input.Length > MaxQuoted)
        {
            message = message.Replace(input, input.Substring(0, MaxQuoted) + "...");
        }

        var text = new StringBuilder(Math.Min(message.Length, 2 * MaxLength));
        var word = 0;
        for (var i = 0; i < message.Length; i++)
        {
            var c = message[i];
            word = char.IsWhiteSpace(c) ? 0 : word + 1;
            if (word == MaxQuoted + 1)
            {
                text.Append("...");
            }

            if (word > MaxQuoted)
            {
                continue;
            }

            if (SafeText.IsUnsafe(message, i))
            {
                text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        if (text.Length > MaxLength)
        {
            var head = text.ToString(0, MaxLength / 2);
            var tail = text.ToString(text.Length - (MaxLength * 2 / 5), MaxLength * 2 / 5);
            return head + " ... " + tail;
        }

        return text.ToString();
    }
}
