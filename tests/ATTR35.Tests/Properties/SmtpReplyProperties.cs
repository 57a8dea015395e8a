using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Smtp;
using CsCheck;
using Xunit;
using ATTR35.Base;

namespace ATTR35.Tests.Properties;

public class SmtpReplyProperties
{
    private static readonly Gen<string> s_text = Gen.Char[" abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-[]<>@:;,=/"].Array[0, 60].Select(a => new string(a));

    private static readonly Gen<string> s_mailbox = Gen.Select(Generators.Label, Generators.Domain, (local, domain) => local + "@" + domain);

    [Fact]
    public void The_reader_fails_on_any_bytes_only_with_a_reply_error() =>
        Gen.Select(Gen.Byte.Array[0, 700], Gen.Int[1, 50].Array[1, 8]).SampleAsync(async (bytes, chunks) =>
        {
            var reader = new SmtpReplyReader(new ChunkedStream(bytes, chunks));
            try
            {
                var reply = await reader.ReadReplyCoreAsync(CancellationToken.None);
                Assert.InRange(reply.Code, 200, 599);
                Assert.DoesNotContain(reply.Lines, line => line.Any(c => c < ' ' && c != '\t'));
            }
            catch (SmtpReplyException)
            {
            }
        }, iter: 20000);

    [Fact]
    public void A_well_formed_reply_reads_back_whatever_the_chunking() =>
        Gen.Select(Gen.Int[200, 599], s_text.Array[1, 6], Gen.Int[1, 40].Array[1, 10], Gen.Bool).SampleAsync(async (code, texts, chunks, bareLf) =>
        {
            var end = bareLf ? "\n" : "\r\n";
            var lines = texts.Select((t, i) => $"{code}{(i == texts.Length - 1 ? ' ' : '-')}{t}").ToArray();
            var data = Encoding.ASCII.GetBytes(string.Concat(lines.Select(l => l + end)) + "250 next reply" + end);
            var reader = new SmtpReplyReader(new ChunkedStream(data, chunks));
            var reply = await reader.ReadReplyCoreAsync(CancellationToken.None);
            Assert.Equal(code, reply.Code);
            Assert.Equal(lines, reply.Lines);
            Assert.Equal(250, (await reader.ReadReplyCoreAsync(CancellationToken.None)).Code);
        });

    [Fact]
    public void A_mailbox_that_passes_validation_always_makes_a_safe_command() =>
        Generators.AnyOf(s_mailbox).Sample(text =>
        {
            if (SmtpSyntax.TryNormalizeMailbox(text, allowNullSender: true, out var mailbox, out _))
            {
                SmtpSyntax.EnsureSafeCommand($"RCPT TO:<{mailbox}>");
                Assert.True(mailbox.Length <= SmtpSyntax.MaxMailboxLength);
            }
        }, iter: 30000);

    [Fact]
    public void A_helo_name_that_passes_validation_always_makes_a_safe_command() =>
        Generators.AnyOf(Gen.OneOf(Generators.Domain, Gen.Const("[192.0.2.1]"), Gen.Const("[IPv6:2001:db8::1]"))).Sample(text =>
        {
            if (SmtpSyntax.TryNormalizeHeloName(text, out var name, out _))
            {
                SmtpSyntax.EnsureSafeCommand("EHLO " + name);
                Assert.DoesNotContain(' ', name);
            }
        }, iter: 30000);

    [Fact]
    public void Escaped_server_text_is_printable_ascii_and_short() =>
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            var escaped = SafeText.EscapeBytes(bytes, 0, bytes.Length);
            Assert.All(escaped, c => Assert.InRange(c, ' ', '~'));
            Assert.True(escaped.Length <= SafeText.QuoteLength + 8);
        });
}
