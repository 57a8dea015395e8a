using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Smtp;
using Xunit;

namespace ATTR35.Tests.Smtp;

public class SmtpReplyReaderTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromSeconds(10);

    private static SmtpReplyReader Over(string data) => new(new MemoryStream(Encoding.UTF8.GetBytes(data)));

    private static SmtpReplyReader Over(byte[] data) => new(new MemoryStream(data));

    private static Task<SmtpReply> Read(SmtpReplyReader reader) => reader.ReadReplyAsync(s_generous, CancellationToken.None);

    [Fact]
    public async Task Reads_a_single_line_reply()
    {
        var reply = await Read(Over("220 BN8NAM11FT066.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready\r\n"));
        Assert.Equal(220, reply.Code);
        Assert.Equal(new[] { "220 BN8NAM11FT066.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready" }, reply.Lines);
        Assert.Equal("BN8NAM11FT066.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready", reply.TextLines[0]);
        Assert.True(reply.IsPositive);
    }

    [Fact]
    public async Task Reads_a_multi_line_reply_and_stops_at_its_last_line()
    {
        var reader = Over("250-BN8NAM11FT066.mail.protection.outlook.com Hello [203.0.113.5]\r\n250-SIZE 157286400\r\n250-STARTTLS\r\n250 SMTPUTF8\r\n221 next reply\r\n");
        var reply = await Read(reader);
        Assert.Equal(250, reply.Code);
        Assert.Equal(4, reply.Lines.Length);
        Assert.Equal(new[] { "BN8NAM11FT066.mail.protection.outlook.com Hello [203.0.113.5]", "SIZE 157286400", "STARTTLS", "SMTPUTF8" }, reply.TextLines);
        Assert.Equal("250-BN8NAM11FT066.mail.protection.outlook.com Hello [203.0.113.5]\n250-SIZE 157286400\n250-STARTTLS\n250 SMTPUTF8", reply.ToString());

        // The following reply stays in the buffer, unread.
        Assert.Equal("221 next reply\r\n".Length, reader.BufferedByteCount);
        Assert.Equal(221, (await Read(reader)).Code);
    }

    [Theory]
    [InlineData("250\r\n", 250, "")]
    [InlineData("250-first\r\n250\r\n", 250, "")]
    [InlineData("354 \r\n", 354, "")]
    [InlineData("250-\r\n250 last\r\n", 250, "last")]
    public async Task A_bare_code_line_is_valid(string data, int code, string lastText)
    {
        var reply = await Read(Over(data));
        Assert.Equal(code, reply.Code);
        Assert.Equal(lastText, reply.TextLines.Last());
    }

    [Fact]
    public async Task Bare_LF_line_ends_are_accepted()
    {
        var reply = await Read(Over("250-first\n250-second\r\n250 third\n"));
        Assert.Equal(new[] { "first", "second", "third" }, reply.TextLines);
    }

    [Fact]
    public async Task Enhanced_status_codes_are_read()
    {
        var reply = await Read(Over("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35.\r\n"));
        Assert.Equal("4.4.62", reply.EnhancedStatus);
        Assert.True(reply.IsNegative);
        Assert.Null((await Read(Over("250 OK\r\n"))).EnhancedStatus);
    }

    [Fact]
    public async Task UTF8_text_is_decoded()
    {
        var reply = await Read(Over("250 Grüße\r\n"));
        Assert.Equal("Grüße", reply.TextLines[0]);
    }

    [Theory]
    [InlineData("250-first\r\n251 second\r\n", "different codes (250, then 251")]
    [InlineData("abc hello\r\n", "does not start with a three-digit reply code")]
    [InlineData("25 short\r\n", "does not start with a three-digit reply code")]
    [InlineData("\r\n", "does not start with a three-digit reply code")]
    [InlineData("2500 too many digits\r\n", "no space or hyphen")]
    [InlineData("250x\r\n", "no space or hyphen")]
    [InlineData("199 too low\r\n", "not an SMTP reply code")]
    [InlineData("600 too high\r\n", "not an SMTP reply code")]
    [InlineData("250 a\u0000b\r\n", "binary data or control characters")]
    [InlineData("250 a\rb\r\n", "binary data or control characters")]
    [InlineData("250 a\u001bb\r\n", "binary data or control characters")]
    [InlineData("HTTP/1.1 400 Bad Request\r\n", "web server")]
    [InlineData("+OK POP3 ready\r\n", "POP3 or IMAP")]
    [InlineData("* OK IMAP4rev1\r\n", "POP3 or IMAP")]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n", "SSH server")]
    public async Task Garbage_is_a_protocol_error_that_quotes_what_came(string data, string fragment)
    {
        var ex = await Assert.ThrowsAsync<SmtpReplyException>(() => Read(Over(data)));
        Assert.Equal(SmtpReplyError.Malformed, ex.Error);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.OffendingLine);
    }

    [Fact]
    public async Task Binary_data_is_escaped_in_the_message()
    {
        var ex = await Assert.ThrowsAsync<SmtpReplyException>(() => Read(Over(new byte[] { 0x16, 0x03, 0x01, 0x00, 0xFF, (byte)'\n' })));
        Assert.Equal(SmtpReplyError.Malformed, ex.Error);
        Assert.Contains("\\x16\\x03\\x01\\x00\\xFF", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TLS handshake", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0016", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_quote_of_a_long_garbage_line_is_truncated()
    {
        var ex = await Assert.ThrowsAsync<SmtpReplyException>(() => Read(Over(new string('x', 3000) + "\r\n")));
        Assert.Contains(new string('x', 100) + "...'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 101), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lines_before_the_problem_are_kept()
    {
        var ex = await Assert.ThrowsAsync<SmtpReplyException>(() => Read(Over("250-one\r\n250-two\r\n550 three\r\n")));
        Assert.Equal(new[] { "250-one", "250-two" }, ex.LinesReceived);
        Assert.Equal("550 three", ex.OffendingLine);
    }

    [Fact]
    public async Task A_line_of_the_maximum_length_is_accepted()
    {
        var text = new string('a', SmtpReplyReader.MaxLineLength - 6);
        var reply = await Read(Over("250 " + text + "\r\n"));
        Assert.Equal(text, reply.TextLines[0]);
    }

    [Theory]
    [InlineData(SmtpReplyReader.MaxLineLength - 5, "\r\n")]
    [InlineData(SmtpReplyReader.MaxLineLength - 4, "\n")]
    [InlineData(1024 * 1024, "")]
    public async Task An_overlong_line_is_refused_without_reading_all_of_it(int textLength, string lineEnd)
    {
        var stream = new CountingStream(Encoding.ASCII.GetBytes("250 " + new string('a', textLength) + lineEnd));
        var ex = await Assert.ThrowsAsync<SmtpReplyException>(() => new SmtpReplyReader(stream).ReadReplyAsync(s_generous, CancellationToken.None));
        Assert.Equal(SmtpReplyError.LineTooLong, ex.Error);
        Assert.Contains($"more than {SmtpReplyReader.MaxLineLength} bytes without a line end", ex.Message, StringComparison.Ordinal);
        Assert.True(stream.BytesRead <= 3 * SmtpReplyReader.MaxLineLength, $"read {stream.BytesRead} bytes");
    }

    [Fact]
    public async Task A_reply_of_too_many_lines_is_refused()
    {
        var data = string.Concat(Enumerable.Repeat("250-x\r\n", SmtpReplyReader.MaxReplyLines)) + "250 end\r\n";
        var ex = await Assert.ThrowsAsync<SmtpReplyException>(() => Read(Over(data)));
        Assert.Equal(SmtpReplyError.ReplyTooLong, ex.Error);

        var justEnough = string.Concat(Enumerable.Repeat("250-x\r\n", SmtpReplyReader.MaxReplyLines - 1)) + "250 end\r\n";
        Assert.Equal(SmtpReplyReader.MaxReplyLines, (await Read(Over(justEnough))).Lines.Length);
    }

    [Fact]
    public async Task A_reply_of_too_many_bytes_is_refused()
    {
        // 20 lines of 4000 bytes: under the line limits, over 64 KB.
        var line = "250-" + new string('b', 3994) + "\r\n";
        var data = string.Concat(Enumerable.Repeat(line, 20)) + "250 end\r\n";
        var ex = await Assert.ThrowsAsync<SmtpReplyException>(() => Read(Over(data)));
        Assert.Equal(SmtpReplyError.ReplyTooLong, ex.Error);
    }

    [Theory]
    [InlineData("", "closed the connection before replying")]
    [InlineData("250-one\r\n", "in the middle of its reply (after 1 line)")]
    [InlineData("250-one\r\n250-two\r\n", "after 2 lines")]
    [InlineData("220 ready", "without ending the line")]
    [InlineData("250-one\r\n250 tw", "without ending the line")]
    public async Task A_connection_closed_mid_reply_is_reported(string data, string fragment)
    {
        var ex = await Assert.ThrowsAsync<SmtpReplyException>(() => Read(Over(data)));
        Assert.Equal(SmtpReplyError.Closed, ex.Error);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_connection_is_reported_as_closed()
    {
        var ex = await Assert.ThrowsAsync<SmtpReplyException>(() => Read(new SmtpReplyReader(new FailingStream())));
        Assert.Equal(SmtpReplyError.Closed, ex.Error);
        Assert.Contains("connection broke", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_drip_within_the_timeout_is_read()
    {
        // One byte at a time, 10 ms apart: about 0.3 s in all, well inside the 10 s timeout.
        var stream = new DripStream(Encoding.ASCII.GetBytes("250-a\r\n250 b\r\n"), TimeSpan.FromMilliseconds(10));
        var reply = await new SmtpReplyReader(stream).ReadReplyAsync(s_generous, CancellationToken.None);
        Assert.Equal(new[] { "a", "b" }, reply.TextLines);
    }

    [Fact]
    public async Task A_slow_drip_that_never_finishes_ends_at_the_timeout()
    {
        // A byte every 50 ms forever: each read succeeds, the reply never completes.
        var stream = new DripStream(Encoding.ASCII.GetBytes(new string('x', 100000)), TimeSpan.FromMilliseconds(50));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutException>(() => new SmtpReplyReader(stream).ReadReplyAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_stream_that_ignores_cancellation_is_aborted_at_the_timeout()
    {
        // Like NetworkStream on .NET Framework: the read ends only when the stream is disposed.
        var stream = new HangingStream(endsOnDispose: true);
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutException>(() => new SmtpReplyReader(stream).ReadReplyAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.True(stream.Disposed);
    }

    [Fact]
    public async Task A_stream_that_ignores_even_dispose_cannot_hold_the_reader()
    {
        var stream = new HangingStream(endsOnDispose: false);
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutException>(() => new SmtpReplyReader(stream).ReadReplyAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_ends_the_read_as_cancelled_not_timed_out()
    {
        var stream = new HangingStream(endsOnDispose: true);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SmtpReplyReader(stream).ReadReplyAsync(TimeSpan.FromSeconds(30), cts.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.True(stream.Disposed);
    }

    [Fact]
    public async Task The_abort_callback_is_what_closes_the_connection()
    {
        var stream = new HangingStream(endsOnDispose: true);
        var aborted = 0;
        var reader = new SmtpReplyReader(stream, () =>
        {
            Interlocked.Increment(ref aborted);
            stream.Dispose();
        });
        await Assert.ThrowsAsync<TimeoutException>(() => reader.ReadReplyAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None));
        Assert.Equal(1, aborted);
    }

    private sealed class CountingStream : MemoryStream
    {
        public CountingStream(byte[] data)
            : base(data)
        {
        }

        public long BytesRead { get; private set; }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            var n = await base.ReadAsync(buffer, offset, count, cancellationToken);
            BytesRead += n;
            return n;
        }
    }

    private sealed class FailingStream : MemoryStream
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException<int>(new IOException("Connection reset by peer"));
    }

    // Hands out one byte per read, each after a delay.
    private sealed class DripStream : MemoryStream
    {
        private readonly TimeSpan _delay;

        public DripStream(byte[] data, TimeSpan delay)
            : base(data)
        {
            _delay = delay;
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await Task.Delay(_delay, cancellationToken);
            return await base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);
        }
    }

    // Never returns data and ignores the cancellation token.
    private sealed class HangingStream : MemoryStream
    {
        private readonly bool _endsOnDispose;
        private readonly TaskCompletionSource<int> _pending = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HangingStream(bool endsOnDispose)
        {
            _endsOnDispose = endsOnDispose;
        }

        public bool Disposed { get; private set; }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _pending.Task;

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            if (_endsOnDispose)
            {
                _pending.TrySetException(new ObjectDisposedException(nameof(HangingStream)));
            }

            base.Dispose(disposing);
        }
    }
}
