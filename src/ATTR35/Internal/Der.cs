using System;
using System.Collections.Generic;
using System.Net;
using System.Text;

namespace ATTR35;

/// <summary>
/// Just enough DER to read a certificate's subject CNs and SAN names on netstandard2.0, which has
/// neither AsnReader nor X509SubjectAlternativeNameExtension; the text forms .NET offers
/// (<c>Format</c>, <c>Name</c>) differ by platform and quote values differently.
/// </summary>
internal static class Der
{
    private const byte Sequence = 0x30;
    private const byte Set = 0x31;
    private const byte ObjectIdentifier = 0x06;
    private const byte DnsNameTag = 0x82; // [2] IMPLICIT IA5String in GeneralName
    private const byte IPAddressTag = 0x87; // [7] IMPLICIT OCTET STRING in GeneralName

    private static readonly byte[] s_commonNameOid = { 0x55, 0x04, 0x03 }; // 2.5.4.3

    /// <summary>The CN values of an encoded X.501 Name (X500DistinguishedName.RawData).</summary>
    public static IReadOnlyList<string> ReadCommonNames(byte[] name)
    {
        var names = new List<string>();
        if (!TryRead(name, 0, out var tag, out var start, out var length) || tag != Sequence)
        {
            return names;
        }

        foreach (var (setTag, setStart, setLength) in Children(name, start, length))
        {
            if (setTag != Set)
            {
                continue;
            }

            foreach (var (atvTag, atvStart, atvLength) in Children(name, setStart, setLength))
            {
                if (atvTag != Sequence)
                {
                    continue;
                }

                var parts = Children(name, atvStart, atvLength);
                if (parts.Count == 2 && parts[0].Tag == ObjectIdentifier && SameBytes(name, parts[0].Start, parts[0].Length, s_commonNameOid))
                {
                    var value = DecodeString(name, parts[1].Tag, parts[1].Start, parts[1].Length);
                    if (value is not null)
                    {
                        names.Add(value);
                    }
                }
            }
        }

        return names;
    }

    /// <summary>The dNSName entries of an encoded SubjectAltName extension value.</summary>
    public static IReadOnlyList<string> ReadSanDnsNames(byte[] extension)
    {
        var names = new List<string>();
        ReadSubjectAltNames(extension, names, new List<IPAddress>());
        return names;
    }

    /// <summary>
    /// The dNSName and iPAddress entries of an encoded SubjectAltName extension value (DER
    /// <c>GeneralNames</c>); stops quietly at anything malformed, keeping what was read.
    /// </summary>
    public static void ReadSubjectAltNames(byte[]? extension, List<string> dnsNames, List<IPAddress> addresses)
    {
        if (extension is null || !TryRead(extension, 0, out var tag, out var start, out var length) || tag != Sequence)
        {
            return;
        }

        foreach (var (nameTag, nameStart, nameLength) in Children(extension, start, length))
        {
            if (nameTag == DnsNameTag)
            {
                dnsNames.Add(Encoding.ASCII.GetString(extension, nameStart, nameLength));
            }
            else if (nameTag == IPAddressTag && nameLength is 4 or 16)
            {
                var bytes = new byte[nameLength];
                Buffer.BlockCopy(extension, nameStart, bytes, 0, nameLength);
                addresses.Add(new IPAddress(bytes));
            }
        }
    }

    private static List<(byte Tag, int Start, int Length)> Children(byte[] data, int start, int length)
    {
        var children = new List<(byte, int, int)>();
        var end = start + length;
        var position = start;
        while (position < end && TryRead(data, position, out var tag, out var childStart, out var childLength) && childStart + childLength <= end)
        {
            children.Add((tag, childStart, childLength));
            position = childStart + childLength;
        }

        return children;
    }

    private static bool TryRead(byte[] data, int position, out byte tag, out int start, out int length)
    {
        tag = 0;
        start = 0;
        length = 0;
        if (position + 2 > data.Length)
        {
            return false;
        }

        tag = data[position];
        int first = data[position + 1];
        var offset = position + 2;
        if (first < 0x80)
        {
            length = first;
        }
        else
        {
            var count = first & 0x7F;
            if (count is 0 or > 3 || offset + count > data.Length)
            {
                return false;
            }

            for (var i = 0; i < count; i++)
            {
                length = (length << 8) | data[offset + i];
            }

            offset += count;
        }

        start = offset;
        return start + length <= data.Length;
    }

    private static bool SameBytes(byte[] data, int start, int length, byte[] expected)
    {
        if (length != expected.Length)
        {
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            if (data[start + i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    private static string? DecodeString(byte[] data, byte tag, int start, int length) => tag switch
    {
        0x0C => Encoding.UTF8.GetString(data, start, length), // UTF8String
        0x13 or 0x16 or 0x14 => Latin1(data, start, length), // Printable, IA5, T61
        0x1E => Encoding.BigEndianUnicode.GetString(data, start, length), // BMPString
        _ => null,
    };

    private static string Latin1(byte[] data, int start, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)data[start + i];
        }

        return new string(chars);
    }
}
