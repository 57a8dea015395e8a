#if NETFRAMEWORK
using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.Tests;

/// <summary>
/// The few .NET APIs the tests use that .NET Framework 4.7.2 lacks, written over what it has, so
/// the same test code runs on both. Only test plumbing lives here: none of it is module code, which
/// is netstandard2.0 and needs no such help.
/// </summary>
internal static class FrameworkPolyfills
{
    public static Task WriteAsync(this Stream stream, byte[] buffer, CancellationToken cancellationToken) =>
        stream.WriteAsync(buffer, 0, buffer.Length, cancellationToken);

    public static Task<int> ReadAsync(this Stream stream, byte[] buffer, CancellationToken cancellationToken) =>
        stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken);

    public static bool Contains(this string text, string value, StringComparison comparison) =>
        text.IndexOf(value, comparison) >= 0;

    public static async Task WaitAsync(this Task task, TimeSpan timeout)
    {
        if (await Task.WhenAny(task, Task.Delay(timeout)).ConfigureAwait(false) != task)
        {
            throw new TimeoutException($"The task did not finish within {timeout}.");
        }

        await task.ConfigureAwait(false);
    }

    public static async Task<T> WaitAsync<T>(this Task<T> task, TimeSpan timeout)
    {
        await ((Task)task).WaitAsync(timeout).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    extension(Directory)
    {
        public static DirectoryInfo CreateTempSubdirectory(string? prefix = null) =>
            Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), (prefix ?? string.Empty) + Guid.NewGuid().ToString("N")));
    }

    extension(Path)
    {
        public static string GetRelativePath(string relativeTo, string path)
        {
            var from = new Uri(AppendSeparator(Path.GetFullPath(relativeTo)));
            var to = new Uri(Path.GetFullPath(path));
            return Uri.UnescapeDataString(from.MakeRelativeUri(to).ToString()).Replace('/', Path.DirectorySeparatorChar);
        }
    }

    private static string AppendSeparator(string directory) =>
        directory.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? directory : directory + Path.DirectorySeparatorChar;

    public static string ExportCertificatePem(this X509Certificate2 certificate)
    {
        var base64 = Convert.ToBase64String(certificate.RawData);
        var pem = new StringBuilder("-----BEGIN CERTIFICATE-----\n");
        for (var i = 0; i < base64.Length; i += 64)
        {
            pem.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        return pem.Append("-----END CERTIFICATE-----").ToString();
    }
}
#endif
