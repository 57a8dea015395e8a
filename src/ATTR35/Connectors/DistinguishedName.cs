using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ATTR35.Connectors;

/// <summary>
/// Reads an X.500 distinguished name as text (RFC 4514 and the forms Windows and Exchange print):
/// <c>CN=mail.contoso.com, OU=IT, O="Contoso, Ltd", C=US</c>. Separators are <c>,</c>, <c>;</c>
/// and <c>+</c>; values may be quoted, or escape characters with <c>\</c> or as <c>\2C</c> hex pairs.
/// </summary>
internal static class DistinguishedName
{
    /// <summary>The attributes in the order written; false with a reason when the text is not a DN.</summary>
    public static bool TryParse(string text, out IReadOnlyList<KeyValuePair<string, string>> attributes, out string reason)
    {
        var result = new List<KeyValuePair<string, string>>();
        attributes = result;
        reason = string.Empty;
        var i = 0;
        while (true)
        {
            SkipSpaces(text, ref i);
            if (i >= text.Length)
            {
                if (result.Count == 0)
                {
                    reason = "the distinguished name is empty";
                    return false;
                }

                // A trailing separator is sloppy but harmless.
                return true;
            }

            var equals = text.IndexOf('=', i);
            if (equals < 0)
            {
                reason = $"'{text.Substring(i)}' is not a type=value pair";
                return false;
            }

            var type = text.Substring(i, equals - i).Trim();
            if (type.Length == 0 || type.IndexOfAny(new[] { ',', ';', '+', '"' }) >= 0)
            {
                reason = $"'{text.Substring(i)}' does not start with an attribute type such as CN=";
                return false;
            }

            i = equals + 1;
            SkipSpaces(text, ref i);
            string value;
            if (i < text.Length && text[i] == '"')
            {
                if (!ReadQuoted(text, ref i, out value))
                {
                    reason = $"the quoted value of {type} is not closed";
                    return false;
                }

                SkipSpaces(text, ref i);
                if (i < text.Length && !IsSeparator(text[i]))
                {
                    reason = $"unexpected text after the quoted value of {type}";
                    return false;
                }
            }
            else
            {
                value = ReadPlain(text, ref i);
            }

            result.Add(new KeyValuePair<string, string>(type, value));
            if (i >= text.Length)
            {
                return true;
            }

            i++; // the separator
        }
    }

    /// <summary>True for the types that mean "common name": CN, its OID, and the OID.-prefixed form.</summary>
    public static bool IsCommonName(string type) =>
        string.Equals(type, "CN", StringComparison.OrdinalIgnoreCase)
        || string.Equals(type, "2.5.4.3", StringComparison.Ordinal)
        || string.Equals(type, "OID.2.5.4.3", StringComparison.OrdinalIgnoreCase);

    private static bool IsSeparator(char c) => c is ',' or ';' or '+';

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }

    private static bool ReadQuoted(string text, ref int i, out string value)
    {
        var builder = new StringBuilder();
        i++; // opening quote
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                builder.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c == '"')
            {
                // Windows doubles a quote inside a quoted value.
                if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    builder.Append('"');
                    i += 2;
                    continue;
                }

                i++;
                value = builder.ToString();
                return true;
            }

            builder.Append(c);
            i++;
        }

        value = string.Empty;
        return false;
    }

    private static string ReadPlain(string text, ref int i)
    {
        // Bytes, because \C3\A9 is one UTF-8 character written as two escapes.
        var bytes = new List<byte>();
        var significant = 0;
        while (i < text.Length && !IsSeparator(text[i]))
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                if (i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
                {
                    bytes.Add(byte.Parse(text.Substring(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 3;
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(text[i + 1].ToString()));
                    i += 2;
                }

                significant = bytes.Count;
                continue;
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            if (!char.IsWhiteSpace(c))
            {
                significant = bytes.Count;
            }

            i++;
        }

        return Encoding.UTF8.GetString(bytes.ToArray(), 0, significant);
    }

    private static bool IsHex(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');
}
