#if NETFRAMEWORK
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ATTR35.Tests;

/// <summary>
/// Self-signed test certificates for .NET Framework runtimes. Mono has neither CertificateRequest
/// nor ECDsa, so the certificate is written out in DER here (RSA 2048, SHA-256) with the same
/// subject, SAN, key usage and dates the .NET tests ask CertificateRequest for, and the key is
/// attached with CopyWithPrivateKey, which both .NET Framework 4.7.2 and Mono have.
/// </summary>
internal static class FrameworkCertificates
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string PfxPassword = "test";
    private static readonly Lazy<RSACryptoServiceProvider> s_key = new(() => new RSACryptoServiceProvider(2048));
    private static int s_serial = Environment.TickCount;

    public static X509Certificate2 Create(string subject, string[] dnsNames, IPAddress[]? addresses, bool? client, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        // Tests run in parallel and Mono's RSA objects are not safe to share between threads.
        lock (s_key)
        {
            return CreateLocked(subject, dnsNames, addresses, client, notBefore, notAfter);
        }
    }

    private static X509Certificate2 CreateLocked(string subject, string[] dnsNames, IPAddress[]? addresses, bool? client, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        // One key for every certificate of the run: Mono makes RSA keys slowly, and the tests tell
        // certificates apart by subject, names, dates and serial, never by key.
        var key = s_key.Value;
        var parameters = key.ExportParameters(false);
        var name = new X500DistinguishedName(subject).RawData;
        var signature = Sequence(Oid("1.2.840.113549.1.1.11"), new byte[] { 0x05, 0x00 });

        var extensions = new List<byte[]>();
        if (dnsNames.Length > 0 || addresses is { Length: > 0 })
        {
            var general = dnsNames.Select(n => Tlv(0x82, Encoding.ASCII.GetBytes(n)))
                .Concat((addresses ?? Array.Empty<IPAddress>()).Select(a => Tlv(0x87, a.GetAddressBytes())));
            extensions.Add(Extension("2.5.29.17", Sequence(general.ToArray())));
        }

        if (client is bool isClient)
        {
            extensions.Add(Extension("2.5.29.37", Sequence(Oid(isClient ? ClientAuth : ServerAuth))));
            // KeyUsage digitalSignature | keyEncipherment: what an RSA TLS key needs.
            extensions.Add(Extension("2.5.29.15", Tlv(0x03, new byte[] { 0x05, 0xA0 })));
        }

        var tbsParts = new List<byte[]>
        {
            Tlv(0xA0, Integer(new byte[] { 2 })),
            Integer(Enumerable.Reverse(BitConverter.GetBytes(System.Threading.Interlocked.Increment(ref s_serial))).ToArray()),
            signature,
            name,
            Sequence(Time(notBefore), Time(notAfter)),
            name,
            Sequence(
                Sequence(Oid("1.2.840.113549.1.1.1"), new byte[] { 0x05, 0x00 }),
                BitString(Sequence(Integer(parameters.Modulus!), Integer(parameters.Exponent!)))),
        };
        if (extensions.Count > 0)
        {
            tbsParts.Add(Tlv(0xA3, Sequence(extensions.ToArray())));
        }

        var tbs = Sequence(tbsParts.ToArray());
        byte[] signed;
        using (var sha = SHA256.Create())
        {
            signed = key.SignData(tbs, sha);
        }

        var der = Sequence(tbs, signature, BitString(signed));
        using var publicOnly = new X509Certificate2(der);
        using var withKey = publicOnly.CopyWithPrivateKey(key);

        // A round trip through PKCS#12, as on .NET, gives a certificate whose key TLS can use
        // (Mono's PKCS#12 import wants a password).
        return new X509Certificate2(withKey.Export(X509ContentType.Pfx, PfxPassword), PfxPassword, X509KeyStorageFlags.Exportable);
    }

    private static byte[] Extension(string oid, byte[] value) => Sequence(Oid(oid), Tlv(0x04, value));

    private static byte[] Time(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return utc.Year is >= 1950 and < 2050
            ? Tlv(0x17, Encoding.ASCII.GetBytes(utc.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "Z"))
            : Tlv(0x18, Encoding.ASCII.GetBytes(utc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z"));
    }

    private static byte[] Integer(byte[] unsignedBigEndian)
    {
        var trimmed = unsignedBigEndian.SkipWhile(b => b == 0).ToArray();
        if (trimmed.Length == 0 || trimmed[0] >= 0x80)
        {
            trimmed = new byte[] { 0 }.Concat(trimmed).ToArray();
        }

        return Tlv(0x02, trimmed);
    }

    private static byte[] BitString(byte[] content) => Tlv(0x03, new byte[] { 0 }.Concat(content).ToArray());

    private static byte[] Oid(string dotted)
    {
        var arcs = dotted.Split('.').Select(long.Parse).ToArray();
        var body = new List<byte> { (byte)((arcs[0] * 40) + arcs[1]) };
        foreach (var arc in arcs.Skip(2))
        {
            var chunk = new Stack<byte>();
            var value = arc;
            chunk.Push((byte)(value & 0x7F));
            while ((value >>= 7) > 0)
            {
                chunk.Push((byte)(0x80 | (value & 0x7F)));
            }

            body.AddRange(chunk);
        }

        return Tlv(0x06, body.ToArray());
    }

    private static byte[] Sequence(params byte[][] parts) => Tlv(0x30, parts.SelectMany(p => p).ToArray());

    private static byte[] Tlv(byte tag, byte[] content)
    {
        using var output = new MemoryStream();
        output.WriteByte(tag);
        if (content.Length < 0x80)
        {
            output.WriteByte((byte)content.Length);
        }
        else
        {
            var length = Enumerable.Reverse(BitConverter.GetBytes(content.Length)).SkipWhile(b => b == 0).ToArray();
            output.WriteByte((byte)(0x80 | length.Length));
            output.Write(length, 0, length.Length);
        }

        output.Write(content, 0, content.Length);
        return output.ToArray();
    }
}
#endif
