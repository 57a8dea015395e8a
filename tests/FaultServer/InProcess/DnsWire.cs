using System.Collections.Generic;
using System.Text;

namespace ATTR35.FaultServer;

/// <summary>The little of RFC 1035 the in-process DNS scripts need: reading the question of a query.</summary>
public static class DnsWire
{
    /// <summary>The offset just past the first question (name, type and class); -1 when the message has none that is readable (too short, a compression pointer, a label past the end).</summary>
    public static int QuestionEnd(byte[] message)
    {
        int end = NameEnd(message);
        return end < 0 || end + 4 > message.Length ? -1 : end + 4;
    }

    /// <summary>The first question's name (labels in lower case, joined by dots, no trailing dot) and type; false when unreadable.</summary>
    public static bool TryReadQuestion(byte[] message, out string name, out int type)
    {
        name = string.Empty;
        type = -1;
        int end = QuestionEnd(message);
        if (end < 0)
        {
            return false;
        }

        var labels = new List<string>();
        int offset = 12;
        while (message[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(message, offset + 1, message[offset]).ToLowerInvariant());
            offset += message[offset] + 1;
        }

        name = string.Join(".", labels);
        type = (message[end - 4] << 8) | message[end - 3];
        return true;
    }

    /// <summary>A type number as the tests name it: A, MX, AAAA, CNAME, NS, TXT, else the number.</summary>
    public static string TypeName(int type) => type switch
    {
        1 => "A",
        2 => "NS",
        5 => "CNAME",
        15 => "MX",
        16 => "TXT",
        28 => "AAAA",
        _ => type.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    // The offset of the question name's terminating zero, plus one.
    private static int NameEnd(byte[] message)
    {
        if (message.Length < 12 || ((message[4] << 8) | message[5]) < 1)
        {
            return -1;
        }

        int offset = 12;
        while (true)
        {
            if (offset >= message.Length)
            {
                return -1;
            }

            int size = message[offset];
            if (size == 0)
            {
                return offset + 1;
            }

            if (size > 63 || offset + 1 + size > message.Length)
            {
                return -1;
            }

            offset += 1 + size;
        }
    }
}
