using System;
using System.Linq;
using System.Net.Sockets;
using ATTR35.Base;

namespace ATTR35.Smtp;

/// <summary>
/// Checks what the user gives for the SMTP conversation (HELO name, sender, recipient) before
/// anything is sent: RFC 5321 syntax, and never a character that could end a command early.
/// Error texts are phrases for "The -Recipient value 'x' is not usable: <i>error</i>."
/// </summary>
internal static class SmtpSyntax
{
    /// <summary>RFC 5321 4.5.3.1.1.</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>RFC 5321 4.5.3.1.3: a path is at most 256 octets including the angle brackets.</summary>
    public const int MaxMailboxLength = 254;

    private const string AText = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>
    /// True for a domain name (IDN allowed, converted for the wire) or an address literal
    /// <c>[192.0.2.1]</c> / <c>[IPv6:2001:db8::1]</c>.
    /// </summary>
    public static bool IsValidHeloName(string? name, out string error) => TryNormalizeHeloName(name, out _, out error);

    /// <summary>The HELO name as it goes on the wire: lower-case ASCII, or the address literal in canonical form.</summary>
    public static bool TryNormalizeHeloName(string? name, out string normalized, out string error)
    {
        normalized = string.Empty;
        if (name is null || name.Length == 0)
        {
            error = "the name is empty";
            return false;
        }

        if (HasControlOrSpace(name, out error))
        {
            return false;
        }

        if (name[0] == '[')
        {
            return TryNormalizeAddressLiteral(name, out normalized, out error);
        }

        if (IpLiteral.TryParse(name, out _))
        {
            error = "an address must be written as an address literal: " + (name.IndexOf(':') >= 0 ? $"[IPv6:{name}]" : $"[{name}]");
            return false;
        }

        return TryNormalizeDomain(name, out normalized, out error);
    }

    /// <summary>
    /// True for an RFC 5321 mailbox <c>local@domain</c>: a dot-string or quoted-string local part of
    /// at most 64 octets, a domain name or address literal, no more than 254 octets in all. When
    /// <paramref name="allowNullSender"/> is set, the empty string (or <c>&lt;&gt;</c>) is the null
    /// sender and valid.
    /// </summary>
    public static bool IsValidMailbox(string? address, bool allowNullSender, out string error) =>
        TryNormalizeMailbox(address, allowNullSender, out _, out error);

    /// <summary>
    /// The mailbox as it goes between the angle brackets of MAIL FROM or RCPT TO: one surrounding
    /// pair of angle brackets removed, the domain in lower-case ASCII (IDN converted), the local part
    /// unchanged (it is case-sensitive for the receiving server).
    /// </summary>
    public static bool TryNormalizeMailbox(string? address, bool allowNullSender, out string normalized, out string error)
    {
        normalized = string.Empty;
        error = string.Empty;
        if (address is null)
        {
            error = "no address was given";
            return false;
        }

        foreach (var c in address)
        {
            if (char.IsControl(c))
            {
                error = "it contains a control character (such as a line break or tab)";
                return false;
            }
        }

        var value = address.Trim();
        if (value.Length >= 2 && value[0] == '<' && value[value.Length - 1] == '>')
        {
            value = value.Substring(1, value.Length - 2);
        }

        if (value.Length == 0)
        {
            if (allowNullSender)
            {
                return true;
            }

            error = "the address is empty; give a full address such as user@contoso.com";
            return false;
        }

        if (value.IndexOf('<') >= 0 || value.IndexOf('>') >= 0)
        {
            error = "it contains '<' or '>'; give the bare address, such as user@contoso.com";
            return false;
        }

        var at = value.LastIndexOf('@');
        if (at < 0)
        {
            error = "it has no '@'; give a full address such as user@contoso.com";
            return false;
        }

        var local = value.Substring(0, at);
        var domain = value.Substring(at + 1);
        if (local.Length == 0)
        {
            error = "the part before '@' is empty";
            return false;
        }

        if (domain.Length == 0)
        {
            error = "the domain after '@' is empty";
            return false;
        }

        if (!IsValidLocalPart(local, out error))
        {
            return false;
        }

        string asciiDomain;
        if (domain[0] == '[')
        {
            if (!TryNormalizeAddressLiteral(domain, out asciiDomain, out error))
            {
                return false;
            }
        }
        else if (HasControlOrSpace(domain, out error) || !TryNormalizeDomain(domain, out asciiDomain, out error))
        {
            error = "the domain: " + error;
            return false;
        }

        var mailbox = local + "@" + asciiDomain;
        if (mailbox.Length > MaxMailboxLength)
        {
            error = $"the address is {mailbox.Length} characters long; SMTP allows at most {MaxMailboxLength}";
            return false;
        }

        normalized = mailbox;
        return true;
    }

    /// <summary>
    /// The second line of defence behind the validators: a command about to be written must be
    /// printable ASCII, so nothing the user typed can end it early or smuggle in another command.
    /// </summary>
    /// <exception cref="ArgumentException">The command contains CR, LF, another control character or non-ASCII.</exception>
    public static void EnsureSafeCommand(string command)
    {
        if (command is null)
        {
            throw new ArgumentNullException(nameof(command));
        }

        foreach (var c in command)
        {
            if (c < ' ' || c > '~')
            {
                throw new ArgumentException(
                    $"Refusing to send the SMTP command '{SafeText.Quote(command)}': it contains a control or non-ASCII character (\\u{(int)c:X4}), which could end the command early or inject another.",
                    nameof(command));
            }
        }
    }

    private static bool IsValidLocalPart(string local, out string error)
    {
        error = string.Empty;
        if (local.Length > MaxLocalPartLength)
        {
            error = $"the part before '@' is {local.Length} characters long; SMTP allows at most {MaxLocalPartLength}";
            return false;
        }

        foreach (var c in local)
        {
            if (c > '~')
            {
                error = "the part before '@' contains non-ASCII characters, which need SMTPUTF8; the probe does not use it, so give an ASCII address";
                return false;
            }
        }

        if (local[0] == '"')
        {
            return IsValidQuotedString(local, out error);
        }

        // Dot-string: atoms of atext joined by single dots.
        if (local[0] == '.' || local[local.Length - 1] == '.' || local.IndexOf("..", StringComparison.Ordinal) >= 0)
        {
            error = "the part before '@' starts or ends with a dot or has two dots in a row; quote it (\"a..b\"@contoso.com) if that is really the address";
            return false;
        }

        foreach (var c in local)
        {
            if (!(IsAlphaDigit(c) || c == '.' || AText.IndexOf(c) >= 0))
            {
                error = $"the part before '@' contains '{c}', which needs quoting (\"...\"@contoso.com)";
                return false;
            }
        }

        return true;
    }

    private static bool IsValidQuotedString(string local, out string error)
    {
        error = string.Empty;
        if (local.Length < 2 || local[local.Length - 1] != '"')
        {
            error = "the quoted part before '@' has no closing '\"'";
            return false;
        }

        for (var i = 1; i < local.Length - 1; i++)
        {
            var c = local[i];
            if (c == '\\')
            {
                // quoted-pair: a backslash and any printable ASCII character, space included.
                if (i + 1 >= local.Length - 1)
                {
                    error = "the quoted part before '@' has no closing '\"' (the last one is escaped by a backslash)";
                    return false;
                }

                i++;
                continue;
            }

            if (c == '"')
            {
                error = "the quoted part before '@' contains an unescaped '\"'";
                return false;
            }
        }

        return true;
    }

    private static bool TryNormalizeAddressLiteral(string text, out string normalized, out string error)
    {
        normalized = string.Empty;
        error = string.Empty;
        if (text.Length < 3 || text[0] != '[' || text[text.Length - 1] != ']' || text.IndexOf(']') != text.Length - 1)
        {
            error = $"'{text}' is not an address literal; write [192.0.2.1] or [IPv6:2001:db8::1]";
            return false;
        }

        var inner = text.Substring(1, text.Length - 2);
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            var literal = inner.Substring(5);
            if (IpLiteral.TryParse(literal, out var v6) && v6!.AddressFamily == AddressFamily.InterNetworkV6 && literal.IndexOf('[') < 0)
            {
                normalized = "[IPv6:" + v6 + "]";
                return true;
            }

            error = $"'{literal}' after 'IPv6:' is not an IPv6 address";
            return false;
        }

        if (inner.IndexOf(':') >= 0)
        {
            error = $"an IPv6 address literal needs the 'IPv6:' tag: [IPv6:{inner}]";
            return false;
        }

        if (inner.IndexOf('[') < 0 && IpLiteral.TryParse(inner, out var v4) && DnsName.TrimDot(inner) == inner)
        {
            normalized = "[" + v4 + "]";
            return true;
        }

        error = $"'{inner}' in brackets is not an IPv4 address (four numbers from 0 to 255)";
        return false;
    }

    private static bool TryNormalizeDomain(string name, out string normalized, out string error)
    {
        normalized = string.Empty;
        if (name.IndexOf('*') >= 0)
        {
            error = $"'{name}' contains a wildcard '*'";
            return false;
        }

        if (name.IndexOf('[') >= 0 || name.IndexOf(']') >= 0)
        {
            error = $"'{name}' contains a bracket; an address literal is written [192.0.2.1]";
            return false;
        }

        // An ASCII name ending in a number is an address without its brackets: say so. (The
        // validator refuses it too, and one in look-alike digits, with its own words.)
        var bare = DnsName.TrimDot(name);
        var lastLabel = bare.Substring(bare.LastIndexOf('.') + 1);
        if (lastLabel.Length > 0 && lastLabel.All(c => c >= '0' && c <= '9'))
        {
            error = $"'{name}' is neither a domain name nor an address literal; write an address as [192.0.2.1]";
            return false;
        }

        if (!DomainNameValidator.TryNormalize(name, out normalized, out error))
        {
            error = $"'{name}' is not a valid domain name: {error}";
            return false;
        }

        return true;
    }

    private static bool HasControlOrSpace(string text, out string error)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                error = "it contains a control character (such as a line break or tab)";
                return true;
            }

            if (char.IsWhiteSpace(c))
            {
                error = "it contains white space";
                return true;
            }
        }

        error = string.Empty;
        return false;
    }

    private static bool IsAlphaDigit(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
