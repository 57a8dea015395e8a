using System;
using ATTR35.Base;

namespace ATTR35.Connectors;

/// <summary>
/// How a connector's TlsSenderCertificateName is compared with the names on the sender's certificate.
/// Exchange Online documents only that the value is an SMTP domain, that <c>*.contoso.com</c> stands
/// for the domain and its subdomains, and that no other wildcard is allowed. The rules here:
/// <list type="bullet">
/// <item>Names are compared in their ASCII (IDNA) form, case-insensitively, without a trailing dot.</item>
/// <item>A connector name <c>contoso.com</c> covers exactly <c>contoso.com</c>.</item>
/// <item>A connector name <c>*.contoso.com</c> covers <c>contoso.com</c> and subdomains at any depth.</item>
/// <item>
/// A wildcard name on the certificate (<c>*.contoso.com</c>) is compared as written: only the same
/// connector name covers it. Expanding it would claim a match for hosts the certificate does not name.
/// </item>
/// </list>
/// </summary>
internal static class CertificateNameMatcher
{
    /// <summary>
    /// Normalises a name as written on a certificate or typed by the admin. A wildcard is allowed in
    /// the leftmost label only and kept as written.
    /// </summary>
    public static bool TryNormalizeCertificateName(string? name, out string normalized, out string reason)
    {
        normalized = string.Empty;
        var value = (name ?? string.Empty).Trim();
        if (value.EndsWith(".", StringComparison.Ordinal))
        {
            value = value.Substring(0, value.Length - 1);
        }

        if (value.Length == 0)
        {
            reason = "the name is empty";
            return false;
        }

        var dot = value.IndexOf('.');
        var first = dot < 0 ? value : value.Substring(0, dot);
        if (first.IndexOf('*') < 0)
        {
            if (value.IndexOf('*') >= 0)
            {
                reason = "a wildcard is only allowed in the leftmost label";
                return false;
            }

            return DomainNameValidator.TryNormalize(value, out normalized, out reason);
        }

        if (dot < 0 || value.IndexOf('*', dot) >= 0)
        {
            reason = "a wildcard is only allowed in the leftmost label of a name with a domain, such as *.contoso.com";
            return false;
        }

        foreach (var c in first)
        {
            if (!(c == '*' || c == '-' || c == '_' || char.IsLetterOrDigit(c)))
            {
                reason = $"the label '{first}' is not a valid wildcard label";
                return false;
            }
        }

        if (!DomainNameValidator.TryNormalize(value.Substring(dot + 1), out var rest, out reason))
        {
            return false;
        }

        normalized = first.ToLowerInvariant() + "." + rest;
        return true;
    }

    /// <summary>
    /// Normalises a connector's TlsSenderCertificateName the way Exchange Online would accept it: a
    /// domain, optionally <c>*.domain</c>; any other wildcard is refused. Exchange's
    /// <c>&lt;I&gt;issuer&lt;S&gt;subject</c> form is also accepted, and its subject CN is what is compared.
    /// </summary>
    public static bool TryNormalizeConnectorName(string? entry, out string normalized, out string reason)
    {
        normalized = string.Empty;
        var value = (entry ?? string.Empty).Trim();
        if (ExchangeCertificateName.IsDistinguishedNameForm(value))
        {
            if (!ExchangeCertificateName.TryParse(value, out var parsed, out reason))
            {
                return false;
            }

            value = parsed!.CommonNames[0];
        }

        if (value == "*" || value == "*.")
        {
            reason = "a bare '*' is not a certificate name; give a domain such as contoso.com or *.contoso.com";
            return false;
        }

        var wildcard = value.StartsWith("*.", StringComparison.Ordinal);
        var domain = wildcard ? value.Substring(2) : value;
        if (domain.IndexOf('*') >= 0)
        {
            reason = "Exchange Online does not allow an embedded wildcard; only a leading '*.' (such as *.contoso.com) is allowed";
            return false;
        }

        if (!DomainNameValidator.TryNormalize(domain, out var ascii, out reason))
        {
            return false;
        }

        normalized = wildcard ? "*." + ascii : ascii;
        return true;
    }

    /// <summary>
    /// True when the normalised connector name covers the normalised certificate name, by the rules of
    /// this class.
    /// </summary>
    public static bool Covers(string connectorName, string certificateName)
    {
        if (certificateName.IndexOf('*') >= 0 || !connectorName.StartsWith("*.", StringComparison.Ordinal))
        {
            return string.Equals(connectorName, certificateName, StringComparison.OrdinalIgnoreCase);
        }

        return IsWithinDomain(certificateName, connectorName.Substring(2));
    }

    /// <summary>
    /// True when <paramref name="name"/> is <paramref name="domain"/> or a subdomain of it at any depth;
    /// a wildcard name counts by the domain it is under (<c>*.contoso.com</c> is within contoso.com).
    /// Both are expected normalised.
    /// </summary>
    public static bool IsWithinDomain(string name, string domain)
    {
        var bare = name.StartsWith("*.", StringComparison.Ordinal) ? name.Substring(2) : name;
        var root = domain.StartsWith("*.", StringComparison.Ordinal) ? domain.Substring(2) : domain;
        return string.Equals(bare, root, StringComparison.OrdinalIgnoreCase)
            || bare.EndsWith("." + root, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the normalised name is a wildcard name (starts with <c>*.</c>).</summary>
    public static bool IsWildcard(string name) => name.StartsWith("*.", StringComparison.Ordinal);
}
