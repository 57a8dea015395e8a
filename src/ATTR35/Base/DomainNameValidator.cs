using System;
using System.Globalization;

namespace ATTR35.Base;

/// <summary>Turns what a user typed into the ASCII domain name DNS is asked for, or says why it cannot.</summary>
internal static class DomainNameValidator
{
    private static readonly IdnMapping s_idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    /// <summary>
    /// Accepts upper case, a trailing dot, Unicode (IDN) labels and a leading <c>*.</c> (as in an
    /// accepted domain that matches subdomains); returns the lower-case ASCII form.
    /// </summary>
    public static bool TryNormalize(string? input, out string ascii, out string reason)
    {
        ascii = string.Empty;
        reason = string.Empty;
        var value = (input ?? string.Empty).Trim();
        if (value.StartsWith("*.", StringComparison.Ordinal))
        {
            value = value.Substring(2);
        }

        if (value.EndsWith(".", StringComparison.Ordinal))
        {
            value = value.Substring(0, value.Length - 1);
        }

        if (value.Length == 0)
        {
            reason = "the name is empty";
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                reason = "the name contains white space or a control character";
                return false;
            }
        }

        // IdnMapping is the platform's: ICU on .NET, Windows on .NET Framework, Mono's own code on
        // Mono. Two differences seen under Mono are settled here, so every runtime gives the same
        // answer: the code points UTS #46 maps to nothing (a zero-width space pasted with a name)
        // are removed, where Mono would keep one and ask for "xn--com-7m0a"; and a label that
        // begins or ends with a hyphen is refused up front, as .NET's mapping refuses it.
        value = RemoveIgnored(value);
        const string notIdn = "the name is not a valid (internationalised) domain name: check for empty labels ('..'), labels longer than 63 characters, or characters not allowed in host names";
        foreach (var label in value.Split('.'))
        {
            if (label.StartsWith("-", StringComparison.Ordinal) || label.EndsWith("-", StringComparison.Ordinal))
            {
                reason = notIdn;
                return false;
            }
        }

        string mapped;
        try
        {
            mapped = s_idn.GetAscii(value);
        }
        catch (ArgumentException)
        {
            reason = notIdn;
            return false;
        }

        mapped = mapped.ToLowerInvariant();
        if (mapped.Length > 253)
        {
            reason = "the name is longer than 253 characters";
            return false;
        }

        var labels = mapped.Split('.');
        if (labels.Length < 2)
        {
            reason = "the name has a single label; give the full domain, for example contoso.com";
            return false;
        }

        // No top-level domain is all digits: such a "name" is an IP address, and one typed with
        // look-alike digits (full-width, Arabic-Indic...) that IDN mapping turned into ASCII
        // digits must not pass as a host name and dodge the IP-address checks.
        if (IsAllDigits(labels[labels.Length - 1]))
        {
            reason = HasNonAscii(value)
                ? $"it reads as '{mapped}', an address written with characters that only look like digits; write addresses and names in ASCII"
                : "its last label is a number, so it is an IP address or a mistyped one, not a domain name";
            return false;
        }

        foreach (var label in labels)
        {
            if (!IsHostLabel(label))
            {
                reason = $"the label '{label}' is not a valid host name label (letters, digits and inner hyphens, 1 to 63 characters)";
                return false;
            }
        }

        ascii = mapped;
        return true;
    }

    // UTS #46 "ignored": soft hyphen, combining grapheme joiner, Mongolian variation selectors,
    // zero-width space, word joiner, invisible plus, variation selectors, BOM, shorthand format
    // controls, variation selectors supplement.
    private static bool IsIgnored(int c) =>
        c is 0x00AD or 0x034F or (>= 0x180B and <= 0x180D) or 0x180F or 0x200B or 0x2060 or 0x2064
            or (>= 0xFE00 and <= 0xFE0F) or 0xFEFF or (>= 0x1BCA0 and <= 0x1BCA3) or (>= 0xE0100 and <= 0xE01EF);

    private static string RemoveIgnored(string value)
    {
        var kept = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var pair = char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            var code = pair ? char.ConvertToUtf32(value[i], value[i + 1]) : value[i];
            if (!IsIgnored(code))
            {
                kept.Append(value[i]);
                if (pair)
                {
                    kept.Append(value[i + 1]);
                }
            }

            if (pair)
            {
                i++;
            }
        }

        return kept.Length == value.Length ? value : kept.ToString();
    }

    private static bool IsAllDigits(string label)
    {
        foreach (var c in label)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return label.Length > 0;
    }

    private static bool HasNonAscii(string text)
    {
        foreach (var c in text)
        {
            if (c > '~')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True for a name worth asking DNS for, as it comes in an answer (an MX target, a CNAME):
    /// names in answers come from servers, are ASCII already, and one carrying escaped control
    /// bytes or spaces is garbage to report, not a question to send. Looser than
    /// <see cref="TryNormalize"/>, which judges what a user typed: any case, one label, and
    /// hyphens at a label's edge are allowed, since DNS itself allows them.
    /// </summary>
    public static bool IsAnswerName(string name)
    {
        var value = name.EndsWith(".", StringComparison.Ordinal) ? name.Substring(0, name.Length - 1) : name;
        if (value.Length == 0 || value.Length > 253)
        {
            return false;
        }

        var label = 0;
        foreach (var c in value)
        {
            if (c == '.')
            {
                if (label == 0)
                {
                    return false;
                }

                label = 0;
                continue;
            }

            if (!IsNameCharacter(c) || ++label > 63)
            {
                return false;
            }
        }

        return label > 0;
    }

    private static bool IsHostLabel(string label)
    {
        if (label.Length is 0 or > 63 || label[0] == '-' || label[label.Length - 1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!IsNameCharacter(c))
            {
                return false;
            }
        }

        return true;
    }

    // Letters, digits and hyphens (RFC 952/1123 host names), and the underscore: not a host name
    // character, but it appears in real zones (_dmarc and the like); accepting it costs nothing
    // and refusing it would surprise. Upper case only reaches here from answers: typed names
    // are lowered first.
    private static bool IsNameCharacter(char c) =>
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}
