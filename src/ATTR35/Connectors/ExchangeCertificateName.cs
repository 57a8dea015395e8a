using System;
using System.Collections.Generic;
using System.Linq;

namespace ATTR35.Connectors;

/// <summary>
/// A certificate named the way Exchange names it in <c>TlsCertificateName</c> of Get-SendConnector
/// (and may name it in a connector's TlsSenderCertificateName): <c>&lt;I&gt;issuer&lt;S&gt;subject</c>,
/// for example <c>&lt;I&gt;CN=R3, O=Let's Encrypt, C=US&lt;S&gt;CN=mail.contoso.com</c>. A bare subject
/// (<c>CN=mail.contoso.com, O=Contoso</c>) is read too. The name that matters for a connector is the
/// subject's CN; a subject without one cannot be matched from this text alone (the DNS names are in
/// the certificate's SAN, which the text does not carry), so it is refused with that explanation.
/// </summary>
internal sealed class ExchangeCertificateName
{
    private ExchangeCertificateName(string? issuer, string subject, IReadOnlyList<string> commonNames)
    {
        Issuer = issuer;
        Subject = subject;
        CommonNames = commonNames;
    }

    /// <summary>The issuer DN as written; null when the text had no <c>&lt;I&gt;</c> part.</summary>
    public string? Issuer { get; }

    /// <summary>The subject DN as written.</summary>
    public string Subject { get; }

    /// <summary>The CN values of the subject, in the order written; never empty.</summary>
    public IReadOnlyList<string> CommonNames { get; }

    /// <summary>
    /// True when the text is a DN or the <c>&lt;I&gt;..&lt;S&gt;..</c> form rather than a DNS name: a DNS
    /// name never holds '=' or '&lt;'.
    /// </summary>
    public static bool IsDistinguishedNameForm(string? text) =>
        text is not null && (text.IndexOf('=') >= 0 || text.TrimStart().StartsWith("<", StringComparison.Ordinal));

    /// <summary>Reads the text; false with a reason the admin can act on.</summary>
    public static bool TryParse(string? text, out ExchangeCertificateName? name, out string reason)
    {
        name = null;
        var value = (text ?? string.Empty).Trim();
        string? issuer = null;
        string subject;
        if (value.StartsWith("<I>", StringComparison.OrdinalIgnoreCase))
        {
            var s = value.IndexOf("<S>", 3, StringComparison.OrdinalIgnoreCase);
            if (s < 0)
            {
                reason = "it has an <I>issuer part but no <S>subject part; Exchange writes <I>issuer<S>subject";
                return false;
            }

            issuer = value.Substring(3, s - 3).Trim();
            subject = value.Substring(s + 3).Trim();
        }
        else if (value.StartsWith("<S>", StringComparison.OrdinalIgnoreCase))
        {
            subject = value.Substring(3).Trim();
        }
        else if (value.StartsWith("<", StringComparison.Ordinal))
        {
            reason = "it starts with '<' but not with <I> or <S>; Exchange writes <I>issuer<S>subject";
            return false;
        }
        else
        {
            subject = value;
        }

        if (subject.Length == 0)
        {
            reason = "its subject is empty";
            return false;
        }

        if (!DistinguishedName.TryParse(subject, out var attributes, out var dnReason))
        {
            reason = $"its subject '{subject}' is not a distinguished name: {dnReason}";
            return false;
        }

        var commonNames = attributes.Where(a => DistinguishedName.IsCommonName(a.Key) && a.Value.Trim().Length > 0)
            .Select(a => a.Value.Trim())
            .ToList();
        if (commonNames.Count == 0)
        {
            reason = $"its subject '{subject}' has no CN=, and the certificate's DNS names (SAN) are not in this text; give them with -CertificateName mail.contoso.com, or give the certificate itself with -Certificate or -CertificatePath";
            return false;
        }

        reason = string.Empty;
        name = new ExchangeCertificateName(issuer, subject, commonNames);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Issuer is null ? "<S>" + Subject : "<I>" + Issuer + "<S>" + Subject;
}
