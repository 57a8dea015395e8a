using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ATTR35.FaultServer.Dns;

/// <summary>
/// The parts of a DNS query the scenarios need: its id and flags, the raw question (to echo it),
/// the name as labels and the type. Queries carry one uncompressed question (RFC 1035 4.1.2).
/// </summary>
internal sealed class DnsQuestion
{
    private DnsQuestion(ushort id, ushort flags, byte[] question, IReadOnlyList<byte[]> labels, ushort type)
    {
        Id = id;
        Flags = flags;
        Question = question;
        Labels = labels;
        Type = type;
    }

    /// <summary>The transaction id.</summary>
    public ushort Id { get; }

    /// <summary>The header flags of the query.</summary>
    public ushort Flags { get; }

    /// <summary>The question as it was on the wire: name, type and class.</summary>
    public byte[] Question { get; }

    /// <summary>The labels of the name, as bytes.</summary>
    public IReadOnlyList<byte[]> Labels { get; }

    /// <summary>The record type asked for (1 A, 15 MX, 28 AAAA, ...).</summary>
    public ushort Type { get; }

    /// <summary>
    /// The name for the recorder log: letters, digits, '-' and '_' as they are, every other byte
    /// of a label (a dot inside a label, control characters, non-ASCII) as \xNN.
    /// </summary>
    public string EscapedName
    {
        get
        {
            var text = new StringBuilder();
            foreach (byte[] label in Labels)
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                foreach (byte value in label)
                {
                    bool plain = value is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_';
                    if (plain)
                    {
                        text.Append((char)value);
                    }
                    else
                    {
                        text.Append("\\x").Append(value.ToString("X2", CultureInfo.InvariantCulture));
                    }
                }
            }

            return text.Length == 0 ? "." : text.ToString();
        }
    }

    /// <summary>Reads the header and first question; null when the message is not a readable query.</summary>
    public static DnsQuestion? TryParse(byte[] message, int length)
    {
        if (length < 12 || ReadUInt16(message, 4) < 1)
        {
            return null;
        }

        var labels = new List<byte[]>();
        int position = 12;
        while (true)
        {
            if (position >= length)
            {
                return null;
            }

            int size = message[position];
            if (size == 0)
            {
                position++;
                break;
            }

            // A compression pointer or a label running past the end is no query we can echo.
            if (size > 63 || position + 1 + size > length)
            {
                return null;
            }

            labels.Add(message.AsSpan(position + 1, size).ToArray());
            position += 1 + size;
        }

        if (position + 4 > length)
        {
            return null;
        }

        ushort type = ReadUInt16(message, position);
        byte[] question = message.AsSpan(12, position + 4 - 12).ToArray();
        return new DnsQuestion(ReadUInt16(message, 0), ReadUInt16(message, 2), question, labels, type);
    }

    private static ushort ReadUInt16(byte[] data, int offset) => (ushort)((data[offset] << 8) | data[offset + 1]);
}
