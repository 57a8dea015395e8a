using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;

namespace ATTR35.FaultServer.Dns;

/// <summary>Writes the responses the DNS scenarios send (RFC 1035 4.1), names uncompressed.</summary>
internal static class DnsResponse
{
    public const int NoError = 0;
    public const int FormatError = 1;
    public const int ServerFailure = 2;
    public const int NameError = 3;
    public const int NotImplemented = 4;
    public const int Refused = 5;

    private const ushort TypeA = 1;
    private const ushort TypeMx = 15;
    private const ushort TypeAaaa = 28;

    /// <summary>
    /// A response to <paramref name="query"/>: the question echoed (or <paramref name="question"/>
    /// instead), the given answer records, and the header counts as given (or as they are).
    /// </summary>
    public static byte[] Build(
        DnsQuestion query, int responseCode, bool truncated = false, IReadOnlyList<byte[]>? answers = null,
        ushort? id = null, byte[]? question = null, ushort? claimedAnswers = null)
    {
        answers ??= Array.Empty<byte[]>();
        var message = new MemoryStream();
        WriteUInt16(message, id ?? query.Id);

        // QR, the query's opcode and RD, AA (the lab plays an authoritative server), TC, RCODE.
        int flags = 0x8000 | (query.Flags & 0x7800) | 0x0400 | (query.Flags & 0x0100) | (truncated ? 0x0200 : 0) | (responseCode & 0x0F);
        WriteUInt16(message, (ushort)flags);
        WriteUInt16(message, 1);
        WriteUInt16(message, claimedAnswers ?? (ushort)answers.Count);
        WriteUInt16(message, 0);
        WriteUInt16(message, 0);
        message.Write(question ?? query.Question);
        foreach (byte[] answer in answers)
        {
            message.Write(answer);
        }

        return message.ToArray();
    }

    /// <summary>The raw question (name, type, class IN) for another name.</summary>
    public static byte[] Question(string name, ushort type)
    {
        var question = new MemoryStream();
        WriteName(question, name);
        WriteUInt16(question, type);
        WriteUInt16(question, 1);
        return question.ToArray();
    }

    /// <summary>
    /// One record of <paramref name="type"/> owned by <paramref name="owner"/>: MX 0 mail.&lt;owner&gt;,
    /// A 127.0.0.9 or AAAA ::1 (loopback, so nothing can ever be sent elsewhere); null for other types.
    /// </summary>
    public static byte[]? Record(string owner, ushort type)
    {
        byte[] data;
        switch (type)
        {
            case TypeMx:
                var mx = new MemoryStream();
                WriteUInt16(mx, 0);
                WriteName(mx, "mail." + owner);
                data = mx.ToArray();
                break;
            case TypeA:
                data = IPAddress.Parse("127.0.0.9").GetAddressBytes();
                break;
            case TypeAaaa:
                data = IPAddress.IPv6Loopback.GetAddressBytes();
                break;
            default:
                return null;
        }

        var record = new MemoryStream();
        WriteName(record, owner);
        WriteUInt16(record, type);
        WriteUInt16(record, 1);
        WriteUInt16(record, 0);
        WriteUInt16(record, 60);
        WriteUInt16(record, (ushort)data.Length);
        record.Write(data);
        return record.ToArray();
    }

    /// <summary>
    /// An MX record for <paramref name="owner"/> whose target has labels of raw bytes: what a
    /// hostile or broken server can put on the wire (control characters, escape sequences).
    /// </summary>
    public static byte[] MxWithRawTarget(string owner, IReadOnlyList<byte[]> targetLabels)
    {
        var data = new MemoryStream();
        WriteUInt16(data, 10);
        foreach (byte[] label in targetLabels)
        {
            data.WriteByte((byte)label.Length);
            data.Write(label);
        }

        data.WriteByte(0);
        var record = new MemoryStream();
        WriteName(record, owner);
        WriteUInt16(record, TypeMx);
        WriteUInt16(record, 1);
        WriteUInt16(record, 0);
        WriteUInt16(record, 60);
        WriteUInt16(record, (ushort)data.Length);
        record.Write(data.ToArray());
        return record.ToArray();
    }

    private static void WriteName(Stream stream, string name)
    {
        foreach (string label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            byte[] bytes = Encoding.ASCII.GetBytes(label);
            stream.WriteByte((byte)bytes.Length);
            stream.Write(bytes);
        }

        stream.WriteByte(0);
    }

    private static void WriteUInt16(Stream stream, ushort value)
    {
        stream.WriteByte((byte)(value >> 8));
        stream.WriteByte((byte)value);
    }
}
