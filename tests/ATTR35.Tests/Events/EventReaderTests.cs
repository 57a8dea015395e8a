using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using ATTR35.Events;
using Xunit;

namespace ATTR35.Tests.Events;

public class EventReaderTests
{
    private const string Attr35 = "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more information go to https://go.microsoft.com/fwlink/p/?linkid=865268 [DB8EUR05FT037.eop-eur05.prod.protection.outlook.com 2026-12-01T11:59:59.001Z 08DD11AA22BB33CC]";

    private const string PostfixDeferral = "Dec  1 12:00:01 relay1 postfix/smtp[2211]: 3F2A1B0C9D: to=<ann@fabrikam.example>, relay=fabrikam-example.mail.protection.outlook.com[198.51.100.25]:25, delay=0.52, delays=0.01/0.01/0.3/0.2, dsn=4.4.62, status=deferred (host fabrikam-example.mail.protection.outlook.com[198.51.100.25] said: " + Attr35 + " (in reply to RCPT TO command))";

    private static readonly DateTimeOffset s_now = DateTimeOffset.Now;

    [Fact]
    public void A_Postfix_deferral_gives_every_field()
    {
        var text = "Dec  1 12:00:00 relay1 postfix/qmgr[2210]: 3F2A1B0C9D: from=<bob@tailspin.example>, size=1024, nrcpt=1 (queue active)\n" + PostfixDeferral;
        var e = Assert.Single(new EventReader(all: false).ReadText(text));
        Assert.Equal(EventSource.Postfix, e.Source);
        Assert.Equal("ann@fabrikam.example", e.Recipient);
        Assert.Equal("fabrikam.example", e.RecipientDomain);
        Assert.Equal("bob@tailspin.example", e.Sender);
        Assert.Equal("fabrikam-example.mail.protection.outlook.com", e.Relay);
        Assert.Equal("198.51.100.25", e.RelayAddress);
        Assert.Equal(25, e.RelayPort);
        Assert.Equal(451, e.Code);
        Assert.Equal("4.4.62", e.EnhancedCode);
        Assert.Equal(ReplyKind.Attr35, e.Kind);
        Assert.Equal("ATTR35", e.AttrToken);
        Assert.Equal(Attr35, e.Reply);
        Assert.Equal("DB8EUR05FT037.eop-eur05.prod.protection.outlook.com", e.FrontEnd);
        Assert.Equal("EUR", e.Region);
        Assert.Equal(2L, e.LineNumber);
        Assert.Equal(PostfixDeferral, e.Line);
        Assert.Equal(12, e.Time!.Value.Hour);
        Assert.Equal(12, e.Time.Value.Month);
        Assert.Equal(1, e.Time.Value.Day);
    }

    [Fact]
    public void Postfix_instance_names_and_RFC_3339_times()
    {
        var line = "2026-12-01T12:00:01.123456+01:00 relay1 postfix-eur/smtp[77]: 4B5C6D7E8F: to=<cy@contoso.example>, orig_to=<c@contoso.example>, relay=contoso-example.mail.protection.outlook.com[127.53.0.10]:2525, delay=1, delays=0/0/0.5/0.5, dsn=4.4.62, status=deferred (host contoso-example.mail.protection.outlook.com[127.53.0.10] said: 451 4.4.62 <cy@contoso.example>: Recipient address rejected: Mail sent to the wrong Office 365 region. ATTR35. [VE1EUR01FT034.eop-eur01.prod.protection.outlook.com] (in reply to RCPT TO command))";
        var e = Assert.Single(new EventReader(false).ReadText(line));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 12, 0, 1, TimeSpan.FromHours(1)).AddTicks(1234560), e.Time);
        Assert.Equal("cy@contoso.example", e.Recipient);
        Assert.Equal(2525, e.RelayPort);
        Assert.Equal("127.53.0.10", e.RelayAddress);
        Assert.Equal("EUR", e.Region);
    }

    [Fact]
    public void An_Exim_deferral()
    {
        var line = "2026-12-01 12:00:01 1tAbCd-0001Ab-3x == dan@fabrikam.example R=dnslookup T=remote_smtp defer (-44) H=fabrikam-example.mail.protection.outlook.com [198.51.100.25]: SMTP error from remote mail server after RCPT TO:<dan@fabrikam.example>: " + Attr35;
        var text = "2026-12-01 12:00:00 1tAbCd-0001Ab-3x <= eve@tailspin.example H=app1 [10.0.0.5] P=esmtp S=900\n" + line;
        var e = Assert.Single(new EventReader(false).ReadText(text));
        Assert.Equal(EventSource.Exim, e.Source);
        Assert.Equal("dan@fabrikam.example", e.Recipient);
        Assert.Equal("eve@tailspin.example", e.Sender);
        Assert.Equal("fabrikam-example.mail.protection.outlook.com", e.Relay);
        Assert.Equal("198.51.100.25", e.RelayAddress);
        Assert.Equal(new DateTime(2026, 12, 1, 12, 0, 1), e.Time!.Value.DateTime);
        Assert.Equal(Attr35, e.Reply);
    }

    [Fact]
    public void A_Sendmail_deferral()
    {
        var text = "Dec  1 12:00:00 mta2 sm-mta[3300]: 4B1C0A2X012345: from=<fay@tailspin.example>, size=800, class=0, nrcpts=1, relay=app1 [10.0.0.5]\n"
            + "Dec  1 12:00:01 mta2 sm-mta[3301]: 4B1C0A2X012345: to=<gus@fabrikam.example>, ctladdr=<fay@tailspin.example> (1000/1000), delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120385, relay=fabrikam-example.mail.protection.outlook.com. [198.51.100.25], dsn=4.4.62, stat=Deferred: " + Attr35;
        var e = Assert.Single(new EventReader(false).ReadText(text));
        Assert.Equal(EventSource.Sendmail, e.Source);
        Assert.Equal("gus@fabrikam.example", e.Recipient);
        Assert.Equal("fay@tailspin.example", e.Sender);
        Assert.Equal("fabrikam-example.mail.protection.outlook.com", e.Relay);
        Assert.Equal("198.51.100.25", e.RelayAddress);
        Assert.Null(e.RelayPort);
    }

    [Fact]
    public void Only_the_ATTR35_family_unless_all()
    {
        var text = string.Join("\n",
            PostfixDeferral,
            PostfixDeferral.Replace(Attr35, "550 5.7.64 TenantAttribution; Relay Access Denied [SN1NAM02FT010.eop-nam02.prod.protection.outlook.com]"),
            PostfixDeferral.Replace(Attr35, "451 4.7.500 Server busy. Please try again later from [203.0.113.9]. (AS761) [BL2NAM02FT055.eop-nam02.prod.protection.outlook.com]"),
            "Dec  1 12:00:05 relay1 postfix/smtp[2211]: 3F2A1B0C9E: to=<x@gmail.example>, relay=mx.gmail.example[192.0.2.8]:25, dsn=4.2.2, status=deferred (host mx.gmail.example[192.0.2.8] said: 452 4.2.2 mailbox full (in reply to RCPT TO command))",
            "Dec  1 12:00:06 relay1 postfix/smtp[2211]: 3F2A1B0C9F: to=<x@fabrikam.example>, relay=fabrikam-example.mail.protection.outlook.com[198.51.100.25]:25, dsn=2.0.0, status=sent (250 2.6.0 <id@x> [InternalId=1] Queued mail for delivery)");
        var family = new EventReader(false).ReadText(text).ToList();
        Assert.Equal(new[] { ReplyKind.Attr35, ReplyKind.TenantAttribution }, family.Select(e => e.Kind));
        var all = new EventReader(true).ReadText(text).ToList();
        Assert.Equal(new[] { ReplyKind.Attr35, ReplyKind.TenantAttribution, ReplyKind.Throttled, ReplyKind.Other }, all.Select(e => e.Kind));
        Assert.Equal(new long?[] { 1, 2, 3, 5 }, all.Select(e => e.LineNumber));
    }

    [Fact]
    public void A_reply_pasted_alone()
    {
        var e = Assert.Single(new EventReader(false).ReadText(Attr35));
        Assert.Equal(EventSource.Text, e.Source);
        Assert.Null(e.LineNumber);
        Assert.Null(e.Recipient);
        Assert.Equal("EUR", e.Region);
    }

    [Fact]
    public void A_pasted_Exchange_NDR()
    {
        var ndr = string.Join("\r\n",
            "Delivery is delayed to these recipients or groups:",
            "",
            "hal@fabrikam.example",
            "",
            "Diagnostic information for administrators:",
            "",
            "Generating server: EX01.tailspin.example",
            "Receiving server: fabrikam-example.mail.protection.outlook.com (198.51.100.25)",
            "",
            "hal@fabrikam.example",
            "12/1/2026 11:02:03 AM - Remote Server at fabrikam-example.mail.protection.outlook.com (198.51.100.25) returned '451 4.4.395 Target host responded with error. -> " + Attr35 + "'",
            "12/1/2026 11:32:03 AM - Remote Server at fabrikam-example.mail.protection.outlook.com (198.51.100.25) returned '451 4.4.395 Target host responded with error. -> " + Attr35 + "'",
            "",
            "Original message headers:");
        var e = Assert.Single(new EventReader(false).ReadText(ndr));
        Assert.Equal(EventSource.Ndr, e.Source);
        Assert.Equal("hal@fabrikam.example", e.Recipient);
        Assert.Equal("fabrikam-example.mail.protection.outlook.com", e.Relay);
        Assert.Equal("198.51.100.25", e.RelayAddress);
        Assert.Equal(Attr35, e.Reply);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 11, 2, 3, TimeSpan.Zero), e.Time);
    }

    [Fact]
    public void A_saved_bounce_with_MIME_report_quoted_printable_base64_and_folding()
    {
        var human = "<ivy@fabrikam.example>: host fabrikam-example.mail.protection.outlook.com[198.51.100.25]\n    said: " + Attr35 + " (in reply to RCPT TO command)\n";
        var qp = QuotedPrintable(human);
        var dsn = "Reporting-MTA: dns; relay1.tailspin.example\n\nFinal-Recipient: rfc822; ivy@fabrikam.example\nOriginal-Recipient: rfc822;ivy@fabrikam.example\nAction: delayed\nStatus: 4.4.62\nRemote-MTA: dns; fabrikam-example.mail.protection.outlook.com\nDiagnostic-Code: smtp; 451 4.4.62 Mail sent to the wrong Office 365 region.\n    ATTR35. [DB8EUR05FT037.eop-eur05.prod.protection.outlook.com]\n";
        var mail = string.Join("\r\n",
            "Return-Path: <>",
            "Date: Tue,  1 Dec 2026 12:10:00 +0000 (UTC)",
            "From: MAILER-DAEMON@relay1.tailspin.example (Mail Delivery System)",
            "Subject: Delayed Mail (still being retried)",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status;",
            "\tboundary=\"B0UND.1\"",
            "",
            "This is a MIME-encapsulated message.",
            "",
            "--B0UND.1",
            "Content-Type: text/plain; charset=us-ascii",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            qp,
            "--B0UND.1",
            "Content-Type: message/delivery-status",
            "Content-Transfer-Encoding: base64",
            "",
            Base64Lines(dsn),
            "--B0UND.1",
            "Content-Type: text/rfc822-headers",
            "",
            "Subject: 451 4.4.62 ATTR35 in a subject is not a reply [XX1NAM01FT001.eop-nam01.prod.protection.outlook.com]",
            "--B0UND.1--",
            "");
        Assert.True(MailText.LooksLikeMail(mail));
        var e = Assert.Single(new EventReader(false).ReadText(mail));
        Assert.Equal(EventSource.Ndr, e.Source);
        Assert.Equal("ivy@fabrikam.example", e.Recipient);
        Assert.Equal("fabrikam-example.mail.protection.outlook.com", e.Relay);
        Assert.Equal("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [DB8EUR05FT037.eop-eur05.prod.protection.outlook.com]", e.Reply);
        Assert.Equal("EUR", e.Region);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 12, 10, 0, TimeSpan.Zero), e.Time);
    }

    [Fact]
    public void A_delay_DSN_that_only_says_4_4_7_takes_the_reply_from_the_human_part()
    {
        var mail = string.Join("\n",
            "From: postmaster@tailspin.example",
            "To: bob@tailspin.example",
            "Date: Tue, 1 Dec 2026 12:10:00 +0000",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"x\"",
            "",
            "--x",
            "Content-Type: multipart/alternative; boundary=\"y\"",
            "",
            "--y",
            "Content-Type: text/html; charset=utf-8",
            "",
            "<html><body><p>jo@fabrikam.example</p><p>Remote Server at fabrikam-example.mail.protection.outlook.com (198.51.100.25) returned &#39;451 4.4.395 Target host responded with error. -&gt; 451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]&#39;</p></body></html>",
            "--y--",
            "--x",
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns;EX01.tailspin.example",
            "",
            "Final-Recipient: rfc822;jo@fabrikam.example",
            "Action: delayed",
            "Status: 4.4.7",
            "Diagnostic-Code: smtp;400 4.4.7 Message delayed",
            "",
            "--x--");
        var e = Assert.Single(new EventReader(false).ReadText(mail));
        Assert.Equal("jo@fabrikam.example", e.Recipient);
        Assert.Equal(ReplyKind.Attr35, e.Kind);
        Assert.Equal("NAM", e.Region);
        Assert.Equal("fabrikam-example.mail.protection.outlook.com", e.Relay);
    }

    [Fact]
    public void Files_plain_gzip_and_mail_and_errors()
    {
        var dir = Directory.CreateTempSubdirectory("attr35-events-").FullName;
        try
        {
            var plain = Path.Combine(dir, "mail.log");
            File.WriteAllText(plain, "noise\n" + new string('x', BoundedLineReader.MaxLineLength + 10) + " ATTR35 4.4.62\n" + PostfixDeferral + "\n");
            var skipped = new StringBuilder();
            var events = new EventReader(false, m => skipped.Append(m)).ReadFile(plain).ToList();
            var e = Assert.Single(events);
            Assert.Equal(3L, e.LineNumber);
            Assert.Equal(plain, e.Path);
            Assert.Contains("Line 2", skipped.ToString());

            var gz = Path.Combine(dir, "mail.log.1.gz");
            using (var file = File.Create(gz))
            using (var zip = new GZipStream(file, CompressionLevel.Fastest))
            {
                var bytes = Encoding.UTF8.GetBytes(PostfixDeferral + "\n" + PostfixDeferral + "\n");
                zip.Write(bytes, 0, bytes.Length);
            }

            Assert.Equal(2, new EventReader(false).ReadFile(gz).Count());

            var binary = Path.Combine(dir, "core");
            File.WriteAllBytes(binary, new byte[] { 1, 2, 0, 4, 5 });
            var bin = Assert.Throws<EventFileException>(() => new EventReader(false).ReadFile(binary).ToList());
            Assert.Equal("LogFileUnreadable", bin.ErrorId);

            var missing = Assert.Throws<EventFileException>(() => new EventReader(false).ReadFile(Path.Combine(dir, "nope.log")).ToList());
            Assert.Equal("LogFileNotFound", missing.ErrorId);
            Assert.Equal("LogFileUnreadable", Assert.Throws<EventFileException>(() => new EventReader(false).ReadFile(dir).ToList()).ErrorId);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Syslog_year_comes_from_the_reference_and_steps_back_over_new_year()
    {
        Assert.True(LogTime.TryRead("Dec 31 23:59:59 host x", new DateTimeOffset(2027, 1, 1, 0, 5, 0, TimeSpan.Zero), out var t, out var n));
        Assert.Equal(2026, t.Year);
        Assert.Equal(15, n);
        Assert.True(LogTime.TryRead("Jan  1 00:00:01 host x", new DateTimeOffset(2027, 1, 1, 0, 5, 0, TimeSpan.Zero), out t, out _));
        Assert.Equal(2027, t.Year);
        Assert.False(LogTime.TryRead("Foo  1 00:00:01 host x", s_now, out _, out _));
    }

    [Fact]
    public void Hostile_lines_never_throw()
    {
        var reader = new EventReader(true);
        foreach (var line in new[] { "\u0000\u0001 ATTR35 4.4.62", "Dec 99 99:99:99 x postfix/smtp[1]: ABCDE: to=<", "2026-13-45T99:00:00Z 1tAbCd-0001Ab-3x == ", "451 4.4.62 ATTR35 [\u202e]\u001b[2J", "Final-Recipient:\nDiagnostic-Code:", "From: a\nTo: b\nContent-Type: multipart/mixed; boundary=\"\"\n\n--\n" })
        {
            foreach (var e in reader.ReadText(line))
            {
                Assert.DoesNotContain('\u001b', e.Line);
                Assert.DoesNotContain('\u202e', e.Reply);
            }
        }
    }

    private static string QuotedPrintable(string text)
    {
        var sb = new StringBuilder();
        var col = 0;
        foreach (var c in text)
        {
            var piece = c == '\n' ? "\r\n" : c == '=' ? "=3D" : c.ToString();
            if (c != '\n' && col + piece.Length > 70)
            {
                sb.Append("=\r\n");
                col = 0;
            }

            sb.Append(piece);
            col = c == '\n' ? 0 : col + piece.Length;
        }

        return sb.ToString();
    }

    private static string Base64Lines(string text)
    {
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var sb = new StringBuilder();
        for (var i = 0; i < b64.Length; i += 76)
        {
            sb.Append(b64, i, Math.Min(76, b64.Length - i)).Append("\r\n");
        }

        return sb.ToString();
    }
}
