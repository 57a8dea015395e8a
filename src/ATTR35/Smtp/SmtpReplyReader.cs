using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Base;

namespace ATTR35.Smtp;

/// <summary>
/// Reads SMTP replies (RFC 5321 section 4.2) from a stream, with every limit explicit: a line
/// may be at most <see cref="MaxLineLength"/> bytes, a reply at most <see cref="MaxReplyLines"/>
/// lines and <see cref="MaxReplyBytes"/> bytes, and each reply must arrive within its timeout.
/// </summary>
/// <remarks>
/// Line ends: CRLF as RFC 5321 requires, and a bare LF as well. Postfix's SMTP client accepts a
/// bare LF too; refusing it would report a working relay as broken, and this is a diagnostic
/// tool, not a conformance test. A CR that is not followed by LF is a control character and
/// makes the line malformed. A line that never ends is cut off at <see cref="MaxLineLength"/>.
/// </remarks>
internal sealed class SmtpReplyReader
{
    /// <summary>Longest accepted line including its line end. RFC 5321 says 512; real servers send longer ones.</summary>
    public const int MaxLineLength = 4096;

    /// <summary>Most lines in one reply (a long EHLO list has about 15).</summary>
    public const int MaxReplyLines = 100;

    /// <summary>Most bytes in one reply.</summary>
    public const int MaxReplyBytes = 64 * 1024;

    // SMTPUTF8 servers may send UTF-8 text; anything undecodable becomes U+FFFD, never an exception.
    private static readonly Encoding s_text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Stream _stream;
    private readonly Action _abort;
    private readonly byte[] _buffer = new byte[2 * MaxLineLength];
    private int _start;
    private int _end;

    /// <summary>Creates a reader.</summary>
    /// <param name="stream">The connection.</param>
    /// <param name="abort">Closes the connection when a read must be stopped; by default the stream is disposed.</param>
    public SmtpReplyReader(Stream stream, Action? abort = null)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _abort = abort ?? stream.Dispose;
    }

    /// <summary>Bytes received but not yet part of a reply: data the server sent unasked.</summary>
    public int BufferedByteCount => _end - _start;

    /// <summary>The bytes received but not yet read, escaped for a message.</summary>
    public string DescribeBuffered() => SafeText.EscapeBytes(_buffer, _start, _end - _start);

    /// <summary>
    /// Reads one reply within <paramref name="timeout"/>. Throws <see cref="SmtpReplyException"/>
    /// for anything that is not a well-formed reply, <see cref="TimeoutException"/> when the reply is
    /// not complete in time and <see cref="OperationCanceledException"/> when cancelled; after either
    /// of the last two the stream has been closed.
    /// </summary>
    public Task<SmtpReply> ReadReplyAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Bounded.RunAsync(ReadReplyCoreAsync, timeout, _abort, cancellationToken);

    /// <summary>Reads one reply with no deadline of its own; the caller bounds it (see <see cref="Bounded"/>).</summary>
    internal async Task<SmtpReply> ReadReplyCoreAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var code = 0;
        var size = 0;
        while (true)
        {
            var (offset, length, terminator) = await ReadLineAsync(lines, cancellationToken).ConfigureAwait(false);
            size += length + terminator;
            if (size > MaxReplyBytes || lines.Count >= MaxReplyLines)
            {
                throw new SmtpReplyException(SmtpReplyError.ReplyTooLong,
                    $"the reply is longer than {MaxReplyLines} lines or {MaxReplyBytes / 1024} KB", lines, null);
            }

            var line = ParseLine(offset, length, lines, ref code, out var isLast);
            lines.Add(line);
            if (isLast)
            {
                return new SmtpReply(code, lines);
            }
        }
    }

    private string ParseLine(int offset, int length, List<string> lines, ref int code, out bool isLast)
    {
        var quoted = SafeText.EscapeBytes(_buffer, offset, length);
        if (length < 3 || !IsDigit(_buffer[offset]) || !IsDigit(_buffer[offset + 1]) || !IsDigit(_buffer[offset + 2]))
        {
            throw Malformed($"'{quoted}' does not start with a three-digit reply code{Hint(offset, length)}", lines, quoted);
        }

        var lineCode = ((_buffer[offset] - '0') * 100) + ((_buffer[offset + 1] - '0') * 10) + (_buffer[offset + 2] - '0');
        if (lineCode < 200 || lineCode > 599)
        {
            throw Malformed($"'{quoted}' carries the reply code {lineCode}, which is not an SMTP reply code (200 to 599)", lines, quoted);
        }

        if (length > 3 && _buffer[offset + 3] != (byte)' ' && _buffer[offset + 3] != (byte)'-')
        {
            throw Malformed($"'{quoted}' has no space or hyphen after its reply code", lines, quoted);
        }

        for (var i = offset; i < offset + length; i++)
        {
            var b = _buffer[i];
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
            {
                throw Malformed($"'{quoted}' contains binary data or control characters", lines, quoted);
            }
        }

        if (lines.Count > 0 && lineCode != code)
        {
            throw Malformed($"the lines of one reply carry different codes ({code}, then {lineCode}: '{quoted}')", lines, quoted);
        }

        code = lineCode;

        // A bare "250" is a complete last line (RFC 5321 4.2: the text is optional).
        // UTF-8 text can still hold C1 controls (NEL), bidirectional overrides and line
        // separators: kept visible, but escaped, in everything the reply feeds.
        isLast = length == 3 || _buffer[offset + 3] == (byte)' ';
        return SafeText.Escape(s_text.GetString(_buffer, offset, length));
    }

    // Reads up to the next LF. Returns where the line is in the buffer (valid until the next
    // read), its length without the line end, and the line end's length.
    private async Task<(int Offset, int Length, int Terminator)> ReadLineAsync(List<string> lines, CancellationToken cancellationToken)
    {
        var scanFrom = _start;
        while (true)
        {
            var lf = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (lf >= 0)
            {
                var offset = _start;
                var total = lf - _start + 1;
                if (total > MaxLineLength)
                {
                    throw TooLong(lines);
                }

                _start = lf + 1;
                var length = total - 1;
                var terminator = 1;
                if (length > 0 && _buffer[offset + length - 1] == (byte)'\r')
                {
                    length--;
                    terminator = 2;
                }

                return (offset, length, terminator);
            }

            if (_end - _start >= MaxLineLength)
            {
                throw TooLong(lines);
            }

            if (_start > 0)
            {
                // Move the partial line to the front so a whole line always fits.
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            scanFrom = _end;
            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when ((ex is IOException or SocketException or ObjectDisposedException) && !cancellationToken.IsCancellationRequested)
            {
                throw new SmtpReplyException(SmtpReplyError.Closed, $"the connection broke {Where(lines)}: {ex.Message}", lines, PartialQuote(), ex);
            }

            if (read == 0)
            {
                if (_end > _start)
                {
                    var partial = PartialQuote();
                    throw new SmtpReplyException(SmtpReplyError.Closed,
                        $"the server closed the connection after '{partial}' without ending the line (CRLF)", lines, partial);
                }

                throw new SmtpReplyException(SmtpReplyError.Closed, $"the server closed the connection {Where(lines)}", lines, null);
            }

            _end += read;
        }
    }

    private SmtpReplyException TooLong(List<string> lines)
    {
        var quoted = SafeText.EscapeBytes(_buffer, _start, Math.Min(_end - _start, SafeText.QuoteLength + 1));
        return new SmtpReplyException(SmtpReplyError.LineTooLong,
            $"the server sent more than {MaxLineLength} bytes without a line end (starting '{quoted}')", lines, quoted);
    }

    private string? PartialQuote() => _end > _start ? SafeText.EscapeBytes(_buffer, _start, _end - _start) : null;

    private static string Where(List<string> lines) =>
        lines.Count == 0 ? "before replying" : $"in the middle of its reply (after {lines.Count} line{(lines.Count == 1 ? string.Empty : "s")})";

    private static SmtpReplyException Malformed(string message, List<string> lines, string quoted) =>
        new(SmtpReplyError.Malformed, "the server's reply is not SMTP: " + message, lines, quoted);

    // What a wrong port usually answers with, so the message can say what the server probably is.
    private string Hint(int offset, int length)
    {
        if (length > 0 && _buffer[offset] == 0x16)
        {
            return " (it looks like the start of a TLS handshake: the port expects implicit TLS, as port 465 does; SMTP relay uses port 25 with STARTTLS)";
        }

        var start = s_text.GetString(_buffer, offset, Math.Min(length, 8));
        if (start.StartsWith("HTTP/", StringComparison.Ordinal))
        {
            return " (it looks like a web server answered)";
        }

        if (start.StartsWith("+OK", StringComparison.Ordinal) || start.StartsWith("* OK", StringComparison.Ordinal))
        {
            return " (it looks like a POP3 or IMAP server answered)";
        }

        if (start.StartsWith("SSH-", StringComparison.Ordinal))
        {
            return " (it looks like an SSH server answered)";
        }

        return string.Empty;
    }

    private static bool IsDigit(byte b) => b >= (byte)'0' && b <= (byte)'9';
}
