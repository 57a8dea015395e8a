using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using ATTR35.Base;

namespace ATTR35.Microsoft365;

/// <summary>
/// The one place that knows which mail host names belong to Exchange Online and in which role.
/// Every cmdlet classifies MX targets and smart hosts through it.
/// </summary>
internal static class HostClassifier
{
    // Retired shared names (FOPE, Bigfish, Frontbridge, the first Exchange Online names):
    // they land in a random EOP forest, which is exactly what ATTR35 complains about.
    private static readonly HashSet<string> s_legacyNames = new(StringComparer.Ordinal)
    {
        "mail.messaging.microsoft.com",
        "mail.global.frontbridge.com",
        "mail.eo.outlook.com",
        "mail.outlook.com",
        "mail.global.bigfish.com",
    };

    private static readonly string[] s_legacySuffixes =
    {
        ".messaging.microsoft.com",
        ".frontbridge.com",
        ".bigfish.com",
    };

    // Authenticated client submission and High Volume Email: they take mail from users and
    // applications that sign in, never relayed or inbound mail.
    private static readonly Dictionary<string, Cloud> s_clientSubmissionNames = new(StringComparer.Ordinal)
    {
        ["smtp.office365.com"] = Cloud.Worldwide,
        ["smtp-legacy.office365.com"] = Cloud.Worldwide,
        ["outlook.office365.com"] = Cloud.Worldwide,
        ["smtp.hve.mx.microsoft"] = Cloud.Worldwide,
        ["smtp-mail.outlook.com"] = Cloud.Worldwide,
        ["smtp.office365.us"] = Cloud.USGovernment,
        ["smtp.partner.outlook.cn"] = Cloud.China,
    };

    private const string TokenPattern = "(?<token>[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)";

    private static readonly Regex s_worldwide = new("^" + TokenPattern + @"\.mail\.protection\.outlook\.com$", RegexOptions.CultureInvariant);
    private static readonly Regex s_dnssec = new("^" + TokenPattern + @"\.[a-z]-v[0-9]+\.mx\.microsoft$", RegexOptions.CultureInvariant);
    private static readonly Regex s_usGovernment = new("^" + TokenPattern + @"\.mail\.protection\.office365\.us$", RegexOptions.CultureInvariant);
    private static readonly Regex s_china = new("^" + TokenPattern + @"\.mail\.protection\.partner\.outlook\.cn$", RegexOptions.CultureInvariant);
    private static readonly Regex s_clientSubmissionPattern = new(@"(^|\.)olc\.protection\.outlook\.com$|\.outlook\.office365\.com$", RegexOptions.CultureInvariant);

    /// <summary>Classifies a host name or address as published in an MX record or written as a smart host.</summary>
    public static HostClassification Classify(string host)
    {
        var name = DnsName.Normalize(host);
        if (name.Length == 0)
        {
            return new HostClassification(".", HostKind.NullMx, Cloud.None, null, false);
        }

        if (IpLiteral.TryParse(name, out var address))
        {
            return new HostClassification(address!.ToString(), HostKind.IpLiteral, Cloud.None, null, false);
        }

        if (s_clientSubmissionNames.TryGetValue(name, out var submissionCloud))
        {
            return new HostClassification(name, HostKind.Microsoft365ClientSubmission, submissionCloud, null, false);
        }

        if (s_clientSubmissionPattern.IsMatch(name))
        {
            return new HostClassification(name, HostKind.Microsoft365ClientSubmission, Cloud.Worldwide, null, false);
        }

        if (name.EndsWith(".mail.protection.outlook.de", StringComparison.Ordinal))
        {
            return new HostClassification(name, HostKind.Microsoft365Legacy, Cloud.Germany, null, false);
        }

        if (s_legacyNames.Contains(name) || EndsWithAny(name, s_legacySuffixes))
        {
            return new HostClassification(name, HostKind.Microsoft365Legacy, Cloud.Worldwide, null, false);
        }

        Match m;
        if ((m = s_worldwide.Match(name)).Success)
        {
            return new HostClassification(name, HostKind.Microsoft365, Cloud.Worldwide, m.Groups["token"].Value, false);
        }

        if ((m = s_dnssec.Match(name)).Success)
        {
            return new HostClassification(name, HostKind.Microsoft365, Cloud.Worldwide, m.Groups["token"].Value, true);
        }

        if ((m = s_usGovernment.Match(name)).Success)
        {
            return new HostClassification(name, HostKind.Microsoft365, Cloud.USGovernment, m.Groups["token"].Value, false);
        }

        if ((m = s_china.Match(name)).Success)
        {
            return new HostClassification(name, HostKind.Microsoft365, Cloud.China, m.Groups["token"].Value, false);
        }

        return new HostClassification(name, HostKind.Other, Cloud.None, null, false);
    }

    /// <summary>
    /// A guess at the token Microsoft 365 would assign to a domain (hyphens removed, dots become
    /// hyphens). Only ever used to explain a mismatch: the real token may carry a suffix such as
    /// <c>01b</c>, so the assigned host comes from the tenant, never from this.
    /// </summary>
    public static string TokenHint(string domainName) =>
        DnsName.Normalize(domainName).Replace("-", string.Empty).Replace('.', '-');

    /// <summary>The worldwide assigned host a domain would most likely have, for messages only.</summary>
    public static string AssignedHostHint(string domainName) => TokenHint(domainName) + ".mail.protection.outlook.com";

    /// <summary>True when both are tenant hosts and the same one, or the same token in the other worldwide form (DNSSEC or not).</summary>
    public static bool IsSameTenantHost(HostClassification a, HostClassification b) =>
        a.Kind == HostKind.Microsoft365 && b.Kind == HostKind.Microsoft365
        && (string.Equals(a.Host, b.Host, StringComparison.Ordinal) || a.IsDnssecPartnerOf(b));

    private static bool EndsWithAny(string name, string[] suffixes)
    {
        foreach (var suffix in suffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
