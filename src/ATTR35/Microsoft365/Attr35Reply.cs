using System.Text.RegularExpressions;
using ATTR35.Base;

namespace ATTR35.Microsoft365;

/// <summary>
/// An Exchange Online "wrong region" deferral: <c>451 4.4.62 Mail sent to the wrong Office 365
/// region. ATTR35.</c> in any of its variants ("Microsoft 365", a comma before ATTR35, a trailing
/// "For more information ..." link, a bracketed server name, a prefix a relay added).
/// </summary>
public sealed class Attr35Reply
{
    // Both markers, anywhere in the text: they are what identifies the deferral; the wording around them varies.
    // 4.4.62 as a whole status code: not 14.4.62, 4.4.620 or a four-part 4.4.62.1.
    private static readonly Regex s_status = new(@"(?<![0-9.])4\.4\.62(?![0-9]|\.[0-9])", RegexOptions.CultureInvariant);
    private static readonly Regex s_marker = new(@"\bATTR35\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_code = new(@"^\s*(?<code>[245][0-9]{2})(?=[ -]|$)", RegexOptions.CultureInvariant);

    // "[BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]", also "[Hostname=...]" and a name
    // followed by more text inside the bracket. An address in brackets is not a server name.
    private static readonly Regex s_serverName = new(
        @"\[(?:Hostname=)?(?<name>[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)(?:\]|\s)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private Attr35Reply(string text, int? code, string? serverName)
    {
        Text = text;
        Code = code;
        ServerName = serverName;
        Region = RegionParser.FromServerName(serverName);
    }

    /// <summary>The reply text as given.</summary>
    public string Text { get; }

    /// <summary>The SMTP reply code at the start of the text (451 from EOP), when there is one.</summary>
    public int? Code { get; }

    /// <summary>The server that answered, from the bracketed name; null when the reply carries none.</summary>
    public string? ServerName { get; }

    /// <summary>The region read from <see cref="ServerName"/>: the region the mail reached, not the tenant's home. A hint.</summary>
    public string? Region { get; }

    /// <summary>True when <paramref name="replyText"/> (one line or a whole multi-line reply) is an ATTR35 deferral.</summary>
    public static bool TryParse(string? replyText, out Attr35Reply? reply)
    {
        reply = null;
        if (string.IsNullOrEmpty(replyText) || !s_status.IsMatch(replyText) || !s_marker.IsMatch(replyText))
        {
            return false;
        }

        var text = replyText!;
        int? code = null;
        var m = s_code.Match(text);
        if (m.Success)
        {
            code = int.Parse(m.Groups["code"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        string? serverName = null;
        foreach (Match candidate in s_serverName.Matches(text))
        {
            var name = candidate.Groups["name"].Value;
            // A server name has a dot or is a bare front-end name that carries a region
            // ("[ATTR35]" or an address in brackets is something else).
            if (IpLiteral.TryParse(name, out _) || !ContainsLetter(name)
                || (name.IndexOf('.') < 0 && RegionParser.FromServerName(name) is null))
            {
                continue;
            }

            // The last one: a relay that wraps the reply puts its own text first.
            serverName = name;
        }

        reply = new Attr35Reply(text, code, serverName);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static bool ContainsLetter(string s)
    {
        foreach (var c in s)
        {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            {
                return true;
            }
        }

        return false;
    }
}
