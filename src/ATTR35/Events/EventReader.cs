using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using ATTR35.Base;
using ATTR35.Microsoft365;

namespace ATTR35.Events;

/// <summary>
/// Turns what an admin has (log lines, a pasted reply or NDR, a saved bounce, Exchange queue,
/// tracking and trace objects) into <see cref="Attr35Event"/>s: one per Exchange Online reply
/// found, by default only the ATTR35 family. Used by Get-Attr35Event and Test-Attr35. Holds the
/// little state a log needs (queue id to sender), bounded, so memory stays flat on any log.
/// </summary>
internal sealed class EventReader
{
    /// <summary>How much of the original text an event keeps.</summary>
    public const int MaxLineText = 4000;

    /// <summary>The largest mail read as one bounce; a bigger file is read as a log.</summary>
    public const int MaxMailLength = 16 * 1024 * 1024;

    // Queue id to sender (Postfix qmgr, Sendmail from=, Exim <=): bounded, cleared when full.
    private const int MaxSenders = 20_000;

    private readonly bool _all;
    private readonly Action<string>? _verbose;
    private readonly Dictionary<string, string> _senders = new(StringComparer.Ordinal);

    public EventReader(bool all, Action<string>? verbose = null)
    {
        _all = all;
        _verbose = verbose;
    }

    /// <summary>Cancelled by the cmdlet's StopProcessing: a long file with no match stops between two lines.</summary>
    public System.Threading.CancellationToken Cancellation { get; set; }

    /// <summary>A line, many lines, a whole NDR or mail pasted at once.</summary>
    public IEnumerable<Attr35Event> ReadText(string text, string? path = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Array.Empty<Attr35Event>();
        }

        if (MailText.LooksLikeMail(text) || NdrReader.LooksLikeNdr(text))
        {
            return ReadNdr(text, path, DateTimeOffset.Now);
        }

        // One line pasted has no line number; several lines are numbered from 1.
        return ReadLines(new StringReader(text), path, DateTimeOffset.Now, numbered: path is not null || text.IndexOf('\n') >= 0);
    }

    /// <summary>An event as it is, a string, or an Exchange queue, tracking or trace object (live, deserialized, CSV or JSON).</summary>
    public IEnumerable<Attr35Event> ReadObject(object? input) => ObjectReader.Read(this, input);

    /// <summary>A log file (streamed line by line, .gz read transparently) or a saved mail (.eml or any file starting with mail headers).</summary>
    /// <exception cref="EventFileException">The file is missing, a directory, binary or unreadable; thrown before the first event.</exception>
    public IEnumerable<Attr35Event> ReadFile(string path)
    {
        var stream = Open(path, out var reference);
        if (stream is null)
        {
            Verbose($"{path} is empty, or not a regular file (a device, pipe or /proc entry reports no size and is never read).");
            return Array.Empty<Attr35Event>();
        }

        return ReadOpened(path, stream, reference);
    }

    private IEnumerable<Attr35Event> ReadOpened(string path, Stream stream, DateTimeOffset reference)
    {
        using (stream)
        {
            var text = OpenText(path, stream, out var isMail);
            if (isMail)
            {
                foreach (var e in ReadNdr(ReadMail(text, path), path, reference))
                {
                    yield return e;
                }

                yield break;
            }

            foreach (var e in ReadLines(text, path, reference))
            {
                yield return e;
            }
        }
    }

    private string ReadMail(TextReader text, string path)
    {
        var mail = new StringBuilder();
        var buffer = new char[64 * 1024];
        int n;
        while ((n = text.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (mail.Length + n > MaxMailLength)
            {
                mail.Append(buffer, 0, MaxMailLength - mail.Length);
                Verbose($"The mail {path} is longer than {MaxMailLength / (1024 * 1024)} MB; only its first {MaxMailLength / (1024 * 1024)} MB were read.");
                break;
            }

            mail.Append(buffer, 0, n);
        }

        return mail.ToString();
    }

    /// <summary>Tells a passed-in action what was skipped; null when nobody listens.</summary>
    internal void Verbose(string message) => _verbose?.Invoke(message);

    /// <summary>Whether a reply of this kind is written (-All writes every kind).</summary>
    internal bool Wanted(ExchangeReply reply) => _all || reply.IsAttr35Family;

    /// <summary>True when the text may hold a wanted reply: a cheap test before the parser.</summary>
    internal bool MayHoldReply(string text)
    {
        if (_all)
        {
            return text.IndexOf('.') >= 0;
        }

        return text.IndexOf("ATTR35", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("Attribution", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("5.7.64", StringComparison.Ordinal) >= 0
            || text.IndexOf("5.7.51", StringComparison.Ordinal) >= 0
            || text.IndexOf("5.7.68", StringComparison.Ordinal) >= 0;
    }

    /// <summary>An event from a reply and what the source says around it.</summary>
    internal static Attr35Event MakeEvent(ExchangeReply reply, EventSource source, string line, string? path, long? lineNumber)
    {
        var e = new Attr35Event
        {
            Code = reply.Code,
            EnhancedCode = reply.EnhancedCode,
            Kind = reply.Kind,
            AttrToken = reply.AttrToken,
            Reply = Escape(reply.Text),
            FrontEnd = reply.FrontEnd is null ? null : SafeText.Escape(reply.FrontEnd),
            Region = reply.Region,
            Source = source,
            Path = path,
            LineNumber = lineNumber,
            Line = Escape(line),
        };
        return e;
    }

    /// <summary>Sets Recipient and RecipientDomain from an address as the source wrote it.</summary>
    internal static void SetRecipient(Attr35Event e, string? address)
    {
        var a = CleanAddress(address);
        if (a is null)
        {
            return;
        }

        e.Recipient = SafeText.Escape(a);
        var at = a.LastIndexOf('@');
        e.RecipientDomain = at > 0 && at < a.Length - 1 ? SafeText.Escape(DnsName.Canonical(a.Substring(at + 1))) : null;
    }

    internal static string? CleanAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        var a = address!.Trim();
        // "rfc822;bob@contoso.com", "SMTP:bob@contoso.com", "<bob@contoso.com>"
        var semi = a.IndexOf(';');
        if (semi >= 0)
        {
            a = a.Substring(semi + 1).Trim();
        }

        if (a.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase))
        {
            a = a.Substring(5);
        }

        a = a.Trim().Trim('<', '>', '"', '\'').Trim();
        return a.Length == 0 || a.Length > 320 ? null : a;
    }

    internal static string Escape(string text) =>
        SafeText.Escape(text.Length > MaxLineText ? text.Substring(0, MaxLineText) : text);

    private IEnumerable<Attr35Event> ReadLines(TextReader text, string? path, DateTimeOffset reference, bool numbered = true)
    {
        var reader = new BoundedLineReader(text);
        while (true)
        {
            var line = reader.ReadLine(out var tooLong);
            if (tooLong)
            {
                Verbose($"Line {reader.LineNumber}{(path is null ? string.Empty : " of " + path)} is longer than {BoundedLineReader.MaxLineLength / 1024} KB and was skipped.");
                continue;
            }

            if (line is null)
            {
                yield break;
            }

            Cancellation.ThrowIfCancellationRequested();

            var e = ReadLine(line, path, numbered ? reader.LineNumber : null, reference);
            if (e is not null)
            {
                yield return e;
            }
        }
    }

    private Attr35Event? ReadLine(string line, string? path, long? lineNumber, DateTimeOffset reference)
    {
        var hasReply = MayHoldReply(line);
        var senderHint = !hasReply && (line.IndexOf("from=<", StringComparison.Ordinal) >= 0 || line.IndexOf(" <= ", StringComparison.Ordinal) >= 0);
        if (!hasReply && !senderHint)
        {
            return null;
        }

        var fields = LogLineParser.Parse(line, reference);
        if (fields.IsSenderLine)
        {
            RememberSender(fields.QueueId, fields.Sender);
            return null;
        }

        if (!hasReply || !ExchangeReply.TryParse(line, out var reply) || !Wanted(reply!))
        {
            return null;
        }

        var e = MakeEvent(reply!, fields.Source, line, path, lineNumber);
        e.Time = fields.Time;
        SetRecipient(e, fields.Recipient ?? (fields.Source == EventSource.Text ? NdrReader.FirstAddress(reply!.Text) : null));
        var sender = fields.Sender;
        if (sender is null && fields.QueueId is not null && _senders.TryGetValue(fields.QueueId, out var known))
        {
            sender = known;
        }

        e.Sender = sender is null ? null : SafeText.Escape(sender);
        e.Relay = fields.Relay is null ? null : SafeText.Escape(fields.Relay);
        e.RelayAddress = fields.RelayAddress;
        e.RelayPort = fields.RelayPort;
        return e;
    }

    private void RememberSender(string? queueId, string? sender)
    {
        if (queueId is null || sender is null)
        {
            return;
        }

        if (_senders.Count >= MaxSenders)
        {
            _senders.Clear();
        }

        _senders[queueId] = sender;
    }

    private IEnumerable<Attr35Event> ReadNdr(string text, string? path, DateTimeOffset reference)
    {
        foreach (var e in NdrReader.Read(text, this, path, reference))
        {
            yield return e;
        }
    }

    private static Stream? Open(string path, out DateTimeOffset reference)
    {
        if (Directory.Exists(path))
        {
            throw new EventFileException(ErrorIds.LogFileUnreadable.Id, path, $"'{path}' is a directory, not a log file. Give the files in it, for example '{System.IO.Path.Combine(path, "*.log")}'.");
        }

        if (!File.Exists(path))
        {
            throw new EventFileException(ErrorIds.LogFileNotFound.Id, path, $"The log file '{path}' does not exist. Check the path, or give a wildcard such as /var/log/mail.log*.");
        }

        try
        {
            var file = new FileInfo(path);
            reference = new DateTimeOffset(file.LastWriteTime);
            // Reading /dev/zero never ends and a pipe waits for a writer: only a file with a
            // size is opened (an empty log has no events either).
            if (file.Length == 0)
            {
                return null;
            }

            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            throw new EventFileException(ErrorIds.LogFileUnreadable.Id, path, $"The log file '{path}' cannot be read: {ex.Message} Check its permissions, or copy it somewhere readable.", ex);
        }
    }

    // A gzip stream (by its magic bytes, whatever the name), then text: UTF-8. A file with NUL
    // bytes in its start is binary, not a log.
    private static TextReader OpenText(string path, Stream stream, out bool isMail)
    {
        var data = PrefixedStream.Peek(stream, 2, out var magic);
        if (magic.Length == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            data = new GZipStream(data, CompressionMode.Decompress);
        }

        byte[] head;
        try
        {
            data = PrefixedStream.Peek(data, 4096, out head);
        }
        catch (InvalidDataException ex)
        {
            throw new EventFileException(ErrorIds.LogFileUnreadable.Id, path, $"'{path}' is not a valid gzip file: {ex.Message} Give a mail log (plain or .gz), an .eml file or an NDR saved as text.", ex);
        }

        if (Array.IndexOf(head, (byte)0) >= 0)
        {
            throw new EventFileException(ErrorIds.LogFileUnreadable.Id, path, $"'{path}' is a binary file, not a text log or a saved mail. Give a mail log (plain or .gz), an .eml file or an NDR saved as text.");
        }

        var start = Encoding.UTF8.GetString(head);
        isMail = path.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) || MailText.LooksLikeMail(start);
        return new StreamReader(data, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
    }
}
