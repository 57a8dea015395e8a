using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>
/// The DNS script of Pester's Scale tests: latency and answers chosen by the first label, in any
/// zone. BIND cannot be told to answer one name late; the scale tests need exactly that to show
/// that results keep input order while later items finish first, and that nothing is still sent
/// after a stop.
/// <list type="bullet">
/// <item><c>fast-&lt;n&gt;</c>: MX 0 t&lt;n mod 4&gt;.mail.protection.outlook.com., at once</item>
/// <item><c>slow-&lt;n&gt;</c>: the same, after 40 + (n * 53 mod 260) ms</item>
/// <item><c>gone-&lt;n&gt;</c>: NXDOMAIN; <c>fail-&lt;n&gt;</c>: SERVFAIL; <c>hang-&lt;n&gt;</c>: never answered</item>
/// <item>anything else: A 192.0.2.x, AAAA 2001:db8::1 (the MX targets), at once</item>
/// </list>
/// </summary>
public static class ScaleDnsScript
{
    /// <summary>A UDP server on 127.0.0.1 running this script (what Scale.Tests.ps1 loads with Add-Type -Path).</summary>
    public static ScriptedDnsServer Start() => new(AnswerAsync);

    /// <summary>The script, for <see cref="ScriptedDnsServer"/>.</summary>
    public static async Task<byte[]?> AnswerAsync(DnsExchange exchange)
    {
        int end = exchange.QuestionEnd;
        if (exchange.Name is null || exchange.Query.Length < 17)
        {
            return null;
        }

        byte[] query = exchange.Query;
        string name = exchange.Name;
        int type = exchange.Type;
        string label = name.Split('.')[0];
        int dash = label.IndexOf('-');
        string kind = dash > 0 ? label.Substring(0, dash) : label;
        if (dash < 0 || !int.TryParse(label.Substring(dash + 1), out int number))
        {
            number = 1;
        }

        var question = new byte[end - 12];
        Array.Copy(query, 12, question, 0, question.Length);
        switch (kind)
        {
            case "hang":
                return null;
            case "gone":
                return Message(query, question, 3, null);
            case "fail":
                return Message(query, question, 2, null);
            case "fast":
            case "slow":
                if (kind == "slow")
                {
                    await Task.Delay(40 + (number * 53 % 260), exchange.Stop).ConfigureAwait(false);
                }

                return Message(query, question, 0, type == 15 ? Mx("t" + (number % 4) + ".mail.protection.outlook.com") : null);
            default:
                byte[]? data = null;
                if (type == 1)
                {
                    data = Record(1, new byte[] { 192, 0, 2, (byte)(1 + (Fnv(name) % 250)) });
                }
                else if (type == 28)
                {
                    data = Record(28, IPAddress.Parse("2001:db8::1").GetAddressBytes());
                }

                return Message(query, question, 0, data);
        }
    }

    // A stable hash (string.GetHashCode differs per process): which 192.0.2.x a name gets does not matter, only that it has one.
    private static int Fnv(string text)
    {
        unchecked
        {
            uint hash = 2166136261;
            foreach (char c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return (int)(hash & 0x7FFFFFFF);
        }
    }

    private static byte[] Mx(string exchange)
    {
        var rdata = new List<byte> { 0, 0 };
        rdata.AddRange(EncodeName(exchange));
        return Record(15, rdata.ToArray());
    }

    // One answer record owned by the question's name (a pointer to offset 12).
    private static byte[] Record(int type, byte[] rdata)
    {
        var record = new List<byte> { 0xC0, 12, (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 0x0E, 0x10, (byte)(rdata.Length >> 8), (byte)rdata.Length };
        record.AddRange(rdata);
        return record.ToArray();
    }

    private static byte[] Message(byte[] query, byte[] question, int rcode, byte[]? answer)
    {
        var message = new List<byte>
        {
            query[0], query[1], (byte)(0x84 | (query[2] & 0x01)), (byte)(0x80 | rcode),
            0, 1, 0, (byte)(answer == null ? 0 : 1), 0, 0, 0, 0,
        };
        message.AddRange(question);
        if (answer != null)
        {
            message.AddRange(answer);
        }

        return message.ToArray();
    }

    private static IEnumerable<byte> EncodeName(string name)
    {
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            yield return (byte)label.Length;
            foreach (var b in Encoding.ASCII.GetBytes(label))
            {
                yield return b;
            }
        }

        yield return 0;
    }
}
