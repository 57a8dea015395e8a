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

        string mapped;
        try
        {
            mapped = s_idn.GetAscii(value);
        }
        catch (ArgumentException)
        {
            reason = "the name is not a valid (internationalised) domain name: check for empty labels ('..'), labels longer than 63 characters, or characters not allowed in host names";
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

    private static bool IsHostLabel(string label)
    {
        if (label.Length is 0 or > 63 || label[0] == '-' || label[label.Length - 1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            // Underscore is not a host name character, but it appears in real zones (_dmarc and
            // the like); accepting it costs nothing and refusing it would surprise.
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
