using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ATTR35.Events;

/// <summary>
/// The time at the start of a log line: syslog (<c>Dec  1 12:00:01</c>, no year: the year is the
/// one that puts the time at or before the reference, the file's last write), RFC 3339
/// (<c>2026-12-01T12:00:01.123456+00:00</c>) and Exim's <c>2026-12-01 12:00:01 [+0000]</c>.
/// </summary>
internal static class LogTime
{
    private static readonly string[] s_months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

    private static readonly Regex s_rfc3339 = new(
        @"^(?<t>[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?)(?<z>Z|[+-][0-9]{2}:?[0-9]{2}| [+-][0-9]{4})?(?=\s|$)",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>Reads the time the line starts with; <paramref name="length"/> is how many characters it took.</summary>
    public static bool TryRead(string line, DateTimeOffset reference, out DateTimeOffset time, out int length)
    {
        time = default;
        length = 0;
        if (line.Length < 15)
        {
            return false;
        }

        if (char.IsDigit(line[0]))
        {
            return TryReadIso(line, out time, out length);
        }

        return TryReadSyslog(line, reference, out time, out length);
    }

    private static bool TryReadSyslog(string line, DateTimeOffset reference, out DateTimeOffset time, out int length)
    {
        time = default;
        length = 0;
        var month = Array.IndexOf(s_months, line.Substring(0, 3)) + 1;
        if (month == 0 || line[3] != ' ')
        {
            return false;
        }

        // "Dec  1 12:00:01" or "Dec 01 12:00:01", then optionally ".123456".
        var dayText = line.Substring(4, 2).Trim();
        if (!int.TryParse(dayText, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day < 1 || day > 31 || line[6] != ' '
            || !TimeSpan.TryParseExact(line.Substring(7, 8), @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var clock))
        {
            return false;
        }

        length = 15;
        var fraction = 0.0;
        if (line.Length > 16 && line[15] == '.')
        {
            var end = 16;
            while (end < line.Length && char.IsDigit(line[end]))
            {
                end++;
            }

            double.TryParse("0" + line.Substring(15, end - 15), NumberStyles.Float, CultureInfo.InvariantCulture, out fraction);
            length = end;
        }

        // The year the file was written in, or the one before when the date would be in its future
        // (a log that spans New Year); a day of slack for clock skew between writer and file time.
        var year = reference.Year;
        if (month == 2 && day == 29 && !DateTime.IsLeapYear(year))
        {
            year--;
        }

        if (day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).Add(clock).AddSeconds(fraction);
        if (local > reference.DateTime.AddDays(1))
        {
            year--;
            if (day > DateTime.DaysInMonth(year, month))
            {
                return false;
            }

            local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).Add(clock).AddSeconds(fraction);
        }

        // Syslog writes local time without an offset: the writer's, taken to be this machine's.
        time = new DateTimeOffset(local, TimeZoneInfo.Local.GetUtcOffset(local));
        return true;
    }

    private static bool TryReadIso(string line, out DateTimeOffset time, out int length)
    {
        time = default;
        length = 0;
        var m = s_rfc3339.Match(line);
        if (!m.Success)
        {
            return false;
        }

        var zone = m.Groups["z"].Value.Trim();
        if (zone.Length == 5)
        {
            zone = zone.Substring(0, 3) + ":" + zone.Substring(3);
        }

        var text = m.Groups["t"].Value.Replace(' ', 'T') + zone;
        var styles = zone.Length == 0 ? DateTimeStyles.AssumeLocal : DateTimeStyles.None;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out time))
        {
            return false;
        }

        length = m.Length;
        return true;
    }
}
