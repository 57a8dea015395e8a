using System;
using System.Text.RegularExpressions;
using ATTR35.Base;

namespace ATTR35.Microsoft365;

/// <summary>
/// Reads the Exchange Online region from a front-end server name such as <c>BN8NAM11FT066</c> or
/// <c>BN8NAM11FT066.eop-nam11.prod.protection.outlook.com</c>. The naming scheme is undocumented:
/// a region read here is a hint, never proof.
/// </summary>
internal static class RegionParser
{
    private const string Regions = "NAM|EUR|APC|AUS|BRA|CAN|FRA|DEU|IND|JPN|KOR|NOR|ZAF|SWE|CHE|ARE|GBR|USG|CHN|LAM";

    // <site><REGION><nn>FT<serial> (HT: the hub behind it, seen in headers): the site is two or
    // three letters, sometimes with a digit.
    private static readonly Regex s_frontEnd = new(@"^[a-z]{2,3}[0-9]?(?<region>" + Regions + @")[0-9]{2}(?:ft|ht)[0-9a-z]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    // Upper-case forests of 2024+ replies: GBRP265.PROD.OUTLOOK.COM, NAMP220.
    private static readonly Regex s_pForest = new(@"(^|\.)(?<region>[a-z]{3})p[0-9]{3}(\.|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    // 2024+ front ends with no region in their name: SJ5PEPF000001F2, AMS0EPF0000019A.
    private static readonly Regex s_epf = new(@"^[a-z0-9]{2,5}p?epf[0-9a-f]{8}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    // Client access servers (smtp.office365.com answers from them): SYXPR01CA0082, CWXP265CA0023.
    private static readonly Regex s_clientAccess = new(@"^[a-z0-9]{2,5}(?:pr[0-9]{2}|p[0-9]{3})ca[0-9]{3,5}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex s_eopForest = new(@"(^|\.)eop-(?<region>[a-z]{3})[0-9]+\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    private static readonly Regex s_prodForest = new(@"(^|\.)(?<region>[a-z]{3})prd[0-9]+\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static readonly Regex[] s_forests = { s_eopForest, s_prodForest, s_pForest };

    private static readonly Regex s_knownRegion = new("^(" + Regions + ")$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>True for a client access server name (<c>SYXPR01CA0082.ausprd01.prod.outlook.com</c>): a client-submission server, not a front end.</summary>
    public static bool IsClientAccessName(string? serverName) =>
        !string.IsNullOrEmpty(serverName) && s_clientAccess.IsMatch(serverName!.Trim().Split('.')[0]);

    /// <summary>True for a 2024+ front-end name (<c>SJ5PEPF000001F2</c>), which carries no region of its own.</summary>
    public static bool IsFrontEndName(string? serverName) =>
        !string.IsNullOrEmpty(serverName) && (s_epf.IsMatch(serverName!.Trim().Split('.')[0]) || s_frontEnd.IsMatch(serverName.Trim().Split('.')[0]));

    /// <summary>The upper-case region code, or null when the name carries none (for example EPF/PEPF names).</summary>
    public static string? FromServerName(string? serverName)
    {
        if (string.IsNullOrWhiteSpace(serverName))
        {
            return null;
        }

        var name = DnsName.TrimDot(serverName!.Trim());
        var firstLabel = name.Split('.')[0];

        // Never "the region reached": client access, outbound and consumer names carry a forest
        // too, but not that of the front end that judged the mail.
        if (IsClientAccessName(name) || name.IndexOf(".outbound.protection.", StringComparison.OrdinalIgnoreCase) >= 0
            || name.IndexOf(".olc.protection.", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return null;
        }

        var m = s_frontEnd.Match(firstLabel);
        if (m.Success)
        {
            return m.Groups["region"].Value.ToUpperInvariant();
        }

        foreach (var pattern in s_forests)
        {
            m = pattern.Match(name);
            if (m.Success && s_knownRegion.IsMatch(m.Groups["region"].Value))
            {
                return m.Groups["region"].Value.ToUpperInvariant();
            }
        }

        return null;
    }
}
