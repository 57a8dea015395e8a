using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using ATTR35.Commands;
using ATTR35.Dns;
using ATTR35.Smtp;
using Xunit;

namespace ATTR35.Tests.Base;

/// <summary>
/// Pins what -SmartHost, -Server and -SendingServer accept and the reason each gives for what it
/// refuses, exactly as they were before their three parsers became one (issue 10): every line of
/// ParameterInputPins.txt is an input and the outcome of each parser, recorded from the code of
/// d116d0f. A change to any outcome is a change of a parameter's behaviour and must be deliberate.
/// </summary>
public class ParameterInputPinTests
{
    public static IEnumerable<object[]> Pins()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Base", "ParameterInputPins.txt");
        foreach (var line in File.ReadAllLines(path, Encoding.UTF8))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            yield return new object[] { fields[0], fields[1], fields[2] };
        }
    }

    [Theory]
    [MemberData(nameof(Pins))]
    public void Each_parameter_accepts_and_refuses_as_before(string parameter, string input, string expected)
    {
        Assert.Equal(Decode(expected), Outcome(parameter, Decode(input)));
    }

    [Fact]
    public void The_pins_cover_all_three_parameters_with_accepted_and_refused_inputs()
    {
        var seen = new HashSet<string>();
        foreach (var pin in Pins())
        {
            seen.Add((string)pin[0] + (((string)pin[2]).StartsWith("ok ", StringComparison.Ordinal) ? "+" : "-"));
        }

        Assert.Equal(new[] { "SendingServer+", "SendingServer-", "Server+", "Server-", "SmartHost+", "SmartHost-" }, Sorted(seen));
    }

    internal static string Outcome(string parameter, string input) => parameter switch
    {
        "SmartHost" => SmartHostAddress.TryParse(input, out var s, out var e1)
            ? $"ok {s!.Host}|{(s.Address is null ? "name" : "address")}|{Port(s.Port)}|{(s.Bracketed ? "bracketed" : "bare")}|{s}"
            : "refused " + e1,
        "Server" => NameServerSpec.TryParse(input, out var n, out var e2)
            ? $"ok {n!.Host}|{(n.Address is null ? "name" : "address")}|{n.Port.ToString(CultureInfo.InvariantCulture)}|{n}"
            : "refused " + e2,
        "SendingServer" => SendingServerAddress.TryParse(input, out var host, out var port, out var e3)
            ? $"ok {host}|{port.ToString(CultureInfo.InvariantCulture)}"
            : "refused " + e3,
        _ => throw new ArgumentException(parameter),
    };

    /// <summary>\t, \r, \n, \\ and \uNNNN in the pin file stand for the characters they name.</summary>
    internal static string Decode(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                sb.Append(text[i]);
                continue;
            }

            var c = text[++i];
            switch (c)
            {
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'n': sb.Append('\n'); break;
                case '\\': sb.Append('\\'); break;
                case 'u':
                    sb.Append((char)int.Parse(text.Substring(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: sb.Append('\\').Append(c); break;
            }
        }

        return sb.ToString();
    }

    private static string Port(int? port) => port is null ? "-" : port.Value.ToString(CultureInfo.InvariantCulture);

    private static string[] Sorted(HashSet<string> set)
    {
        var list = new List<string>(set);
        list.Sort(StringComparer.Ordinal);
        return list.ToArray();
    }
}
