using System.Text.RegularExpressions;
using ATTR35.Base;

namespace ATTR35.Microsoft365;

/// <summary>
/// Reads the Exchange Online region from a front-end server name such as <c>BN8NAM11FT066</c> or
/// <c>BN8NAM11FT066.eop-nam11.prod.protection.outlook.com</c>. The naming scheme is undocumented:
/// a region read here is a hint, never proof.
/// </summary>
public static class RegionParser
{
    private const string Regions = "NAM|EUR|APC|AUS|BRA|CAN|FRA|DEU|IND|JPN|KOR|NOR|ZAF|SWE|CHE|ARE|GBR|USG|CHN|LAM";

    // <site><REGION><nn>FT<serial>: the site is two or three letters, sometimes with a digit.
    private static readonly Regex s_frontEnd = new(@"^[a-z]{2,3}[0-9]?(?<region>" + Regions + @")[0-9]{2}ft[0-9a-z]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_eopForest = new(@"(^|\.)eop-(?<region>[a-z]{3})[0-9]+\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_prodForest = new(@"(^|\.)(?<region>[a-z]{3})prd[0-9]+\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The upper-case region code, or null when the name carries none (for example EPF/PEPF names).</summary>
    public static string? FromServerName(string? serverName)
    {
        if (string.IsNullOrWhiteSpace(serverName))
        {
            return null;
        }

        var name = DnsName.TrimDot(serverName!.Trim());
        var firstLabel = name.Split('.')[0];
        var m = s_frontEnd.Match(firstLabel);
        if (m.Success)
        {
            return m.Groups["region"].Value.ToUpperInvariant();
        }

        foreach (var pattern in new[] { s_eopForest, s_prodForest })
        {
            m = pattern.Match(name);
            if (m.Success && Regex.IsMatch(m.Groups["region"].Value, "^(" + Regions + ")$", RegexOptions.IgnoreCase))
            {
                return m.Groups["region"].Value.ToUpperInvariant();
            }
        }

        return null;
    }
}
