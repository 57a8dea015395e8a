using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ATTR35.Connectors;

/// <summary>
/// Reads a certificate file as admins save them: .cer or .crt in DER or PEM, or .pem. netstandard2.0
/// (and so Windows PowerShell) cannot read PEM itself, so the base64 block is decoded here.
/// </summary>
internal static class CertificateFile
{
    /// <summary>The largest file read: a certificate, even a PEM chain, is a few kilobytes.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private const string PemBegin = "-----BEGIN ";
    private const string PemEnd = "-----END ";

    /// <summary>
    /// The content of a certificate file, read only when it is a file of a plausible size. A device,
    /// pipe or /proc entry reports no size and is never read (reading /dev/zero never ends, and
    /// /dev/stdin waits for input); a file larger than <see cref="MaxFileBytes"/> is refused unread.
    /// Throws <see cref="IOException"/> or <see cref="FormatException"/> with a reason.
    /// </summary>
    public static byte[] ReadFile(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw Directory.Exists(path)
                ? new IOException("it is a directory, not a file")
                : new FileNotFoundException("the file does not exist", path);
        }

        var length = file.Length;
        if (length > MaxFileBytes)
        {
            throw new FormatException($"the file is {length} bytes long; a certificate file is a few kilobytes");
        }

        if (length == 0)
        {
            return Array.Empty<byte>();
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var content = new byte[length];
        var read = 0;
        while (read < content.Length)
        {
            var count = stream.Read(content, read, content.Length - read);
            if (count == 0)
            {
                break;
            }

            read += count;
        }

        if (read < content.Length)
        {
            Array.Resize(ref content, read);
        }

        return content;
    }

    /// <summary>
    /// The first certificate in the file's content (the server's own, when a chain was saved).
    /// Throws <see cref="FormatException"/> or <see cref="CryptographicException"/> with a reason
    /// when the content holds no readable certificate.
    /// </summary>
    public static X509Certificate2 Load(byte[] content)
    {
        if (content is null || content.Length == 0)
        {
            throw new FormatException("the file is empty");
        }

        var text = TextOf(content);
        if (text is not null && text.IndexOf(PemBegin, StringComparison.Ordinal) >= 0)
        {
            return new X509Certificate2(DecodePem(text));
        }

        if (text is not null)
        {
            // Base64 without the BEGIN/END lines, as some tools save a .cer.
            try
            {
                return new X509Certificate2(Convert.FromBase64String(text.Trim()));
            }
            catch (FormatException)
            {
                throw new FormatException("the file is text but neither PEM (-----BEGIN CERTIFICATE-----) nor base64");
            }
        }

        try
        {
            return new X509Certificate2(content);
        }
        catch (CryptographicException ex)
        {
            throw new CryptographicException($"the file is not a DER or PEM certificate ({ex.Message.TrimEnd('.')}); a password-protected .pfx is not read: export the certificate alone as .cer", ex);
        }
    }

    private static byte[] DecodePem(string text)
    {
        var position = 0;
        while (true)
        {
            var begin = text.IndexOf(PemBegin, position, StringComparison.Ordinal);
            if (begin < 0)
            {
                throw new FormatException("the PEM file holds no certificate (no -----BEGIN CERTIFICATE----- block)");
            }

            var labelEnd = text.IndexOf("-----", begin + PemBegin.Length, StringComparison.Ordinal);
            if (labelEnd < 0)
            {
                throw new FormatException("the PEM file has a broken BEGIN line");
            }

            var label = text.Substring(begin + PemBegin.Length, labelEnd - begin - PemBegin.Length);
            var bodyStart = labelEnd + 5;
            var end = text.IndexOf(PemEnd + label, bodyStart, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new FormatException($"the PEM block '{label}' has no END line");
            }

            if (label is "CERTIFICATE" or "X509 CERTIFICATE" or "TRUSTED CERTIFICATE")
            {
                try
                {
                    return Convert.FromBase64String(text.Substring(bodyStart, end - bodyStart));
                }
                catch (FormatException)
                {
                    throw new FormatException($"the PEM block '{label}' is not valid base64");
                }
            }

            // A key or request before the certificate: look further.
            position = end + PemEnd.Length;
        }
    }

    private static string? TextOf(byte[] content)
    {
        var start = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF ? 3 : 0;
        for (var i = start; i < content.Length; i++)
        {
            var b = content[i];
            if (b > 0x7E || (b < 0x20 && b is not (0x09 or 0x0A or 0x0D)))
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(content, start, content.Length - start);
    }
}
