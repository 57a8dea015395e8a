using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Checks;
using ATTR35.FaultServer;
using ATTR35.Microsoft365;
using ATTR35.Smtp;
using Xunit;

namespace ATTR35.Tests.Smtp;

public class SmtpProbeSessionTests
{
    // Generous where a step must succeed (the machine is noisy); short where a timeout is the point.
    private static readonly TimeSpan s_generous = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_short = TimeSpan.FromSeconds(4);

    // A step that must time out proves it waited its timeout T (at least T) and gave up after one
    // T, not two (less than 2T): T = 4 s leaves 4 s for a loaded machine; the outcome's Detail
    // names T itself ("within 4 s").
    internal static void AssertOneTimeout(Stopwatch watch, TimeSpan timeout)
    {
        Assert.True(watch.Elapsed >= TimeSpan.FromTicks(timeout.Ticks * 9 / 10), $"gave up after {watch.Elapsed}, before its timeout of {timeout}");
        Assert.True(watch.Elapsed < TimeSpan.FromTicks(2 * timeout.Ticks), $"took {watch.Elapsed}: more than two timeouts of {timeout}");
    }

    private static SmtpProbeRequest Request(ScriptedSmtpServer server, TimeSpan? timeout = null, string serverName = "contoso-com.mail.protection.outlook.com") =>
        new(server.Endpoint, serverName) { Timeout = timeout ?? s_generous };

    private static Task<SmtpProbeOutcome> Run(SmtpProbeRequest request) => SmtpProbeSession.RunAsync(request, CancellationToken.None);

    private static void AssertNoScriptErrors(ScriptedSmtpServer server) =>
        Assert.True(server.ScriptErrors.IsEmpty, string.Join("; ", server.ScriptErrors.Select(e => e.ToString())));

    [Fact]
    public async Task A_good_server_yields_banner_region_EHLO_host_and_observed_address()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript());
        var log = new ConcurrentQueue<string>();
        var request = Request(server);
        request.Log = log.Enqueue;

        var outcome = await Run(request);

        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.Null(outcome.FailedStep);
        var probe = outcome.Probe;
        Assert.Equal($"127.0.0.1:{server.Endpoint.Port}", probe.Address);
        Assert.Equal(EopLikeScript.EopBanner.TrimEnd(), probe.Banner);
        Assert.Equal(220, probe.BannerCode);
        Assert.Equal("BN8NAM11FT066.mail.protection.outlook.com", probe.BannerHost);
        Assert.Equal("NAM", SmartHostCheck.ReadRegion(outcome).Probe.Region); // the check reads the region the conversation names
        Assert.Equal("BN8NAM11FT066.mail.protection.outlook.com", probe.EhloHost);
        Assert.Equal("127.0.0.1", probe.ObservedClientAddress);
        Assert.Equal(new[] { "SIZE", "PIPELINING", "8BITMIME", "SMTPUTF8" }, probe.Extensions);
        Assert.False(outcome.StartTlsOffered);
        Assert.False(probe.StartTls);
        Assert.Null(probe.Certificate);
        Assert.Null(probe.RecipientReply);
        Assert.True(probe.Elapsed > TimeSpan.Zero);

        // Without a HELO name the probe introduces itself by its address literal.
        Assert.Equal(new[] { "EHLO [127.0.0.1]", "QUIT" }, server.Received.ToArray());
        Assert.Equal("S: " + EopLikeScript.EopBanner.TrimEnd(), probe.Transcript[0]);
        Assert.Equal("C: EHLO [127.0.0.1]", probe.Transcript[1]);
        Assert.Equal("S: 250-BN8NAM11FT066.mail.protection.outlook.com Hello [127.0.0.1]", probe.Transcript[2]);
        Assert.Equal("C: QUIT", probe.Transcript[^2]);
        Assert.StartsWith("S: 221 ", probe.Transcript[^1], StringComparison.Ordinal);
        Assert.All(probe.Transcript, line => Assert.True(line.StartsWith("C: ", StringComparison.Ordinal) || line.StartsWith("S: ", StringComparison.Ordinal), line));

        // -Verbose sees every transcript line, tagged with the server.
        foreach (var line in probe.Transcript)
        {
            Assert.Contains($"SMTP {probe.Address}: {line}", log);
        }

        AssertNoScriptErrors(server);
    }

    [Fact]
    public async Task The_HELO_name_given_is_used()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript());
        var request = Request(server);
        request.HeloName = "Mail.Contoso.COM";
        var outcome = await Run(request);
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.Equal("EHLO mail.contoso.com", server.Received.First());
    }

    [Fact]
    public async Task A_server_without_Hello_address_leaves_ObservedClientAddress_empty()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript { HelloWithAddress = false });
        var outcome = await Run(Request(server));
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.Equal("BN8NAM11FT066.mail.protection.outlook.com", outcome.Probe.EhloHost);
        Assert.Null(outcome.Probe.ObservedClientAddress);
    }

    [Theory]
    // banner, EHLO reply (null = the script's), RCPT TO reply, region, source
    [InlineData("220 SJ5PEPF000001F2.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready [08DE2C5A1B2C3D4E]\r\n", "250-SJ5PEPF000001F2.mail.protection.outlook.com Hello [192.0.2.77]\r\n250 8BITMIME\r\n",
        "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [SJ5PEPF000001F2.eurprd05.prod.outlook.com 2026-12-01T12:00:00.000Z 08DE2C5A1B2C3D4E]\r\n", "EUR", "Rcpt")]
    [InlineData("220 SJ5PEPF000001F2.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready\r\n", "250-QB1CAN01FT005.mail.protection.outlook.com Hello [192.0.2.77]\r\n250 8BITMIME\r\n",
        "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [SJ5PEPF000001F2.eurprd05.prod.outlook.com]\r\n", "CAN", "Ehlo")]
    [InlineData(EopLikeScript.EopBanner, null,
        "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [SJ5PEPF000001F2.eurprd05.prod.outlook.com]\r\n", "NAM", "Banner")]
    [InlineData("220 SJ5PEPF000001F2.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready\r\n", "250-SJ5PEPF000001F2.mail.protection.outlook.com Hello [192.0.2.77]\r\n250 8BITMIME\r\n",
        "550 5.7.139 Authentication unsuccessful [SYXPR01CA0082.ausprd01.prod.outlook.com]\r\n", null, null)]
    public async Task The_region_comes_from_the_first_reply_that_names_one(string banner, string? ehlo, string rcpt, string? region, string? source)
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript { Banner = banner, EhloReply = ehlo, RcptReply = rcpt });
        var request = Request(server);
        request.Recipient = "attr35@contoso.com";
        var outcome = SmartHostCheck.ReadRegion(await Run(request));
        Assert.Equal(region, outcome.Probe.Region);
        Assert.Equal(source, outcome.Probe.RegionSource);
    }

    [Fact]
    public async Task A_sendmail_style_Hello_is_understood()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript
        {
            Banner = "220 relay.contoso.com ESMTP Sendmail 8.17.1; ready\r\n",
            EhloReply = "250-relay.contoso.com Hello client.contoso.com [192.0.2.77], pleased to meet you\r\n250 HELP\r\n",
        });
        var outcome = await Run(Request(server));
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.Equal("relay.contoso.com", outcome.Probe.BannerHost);
        Assert.Null(SmartHostCheck.ReadRegion(outcome).Probe.Region);
        Assert.Equal("192.0.2.77", outcome.Probe.ObservedClientAddress);
    }

    [Fact]
    public async Task A_silent_server_ends_the_probe_at_the_banner_timeout()
    {
        await using var server = new ScriptedSmtpServer(async c => await c.HoldOpenAsync());
        var watch = Stopwatch.StartNew();
        var outcome = await Run(Request(server, s_short));
        watch.Stop();

        Assert.Equal(SmtpProbeStatus.ProtocolError, outcome.Status);
        Assert.Equal(SmtpProbeStep.Banner, outcome.FailedStep);
        Assert.True(outcome.TimedOut);
        Assert.Contains("no banner from 127.0.0.1:", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("within 4 s", outcome.Detail, StringComparison.Ordinal);
        AssertOneTimeout(watch, s_short);
        Assert.Null(outcome.Probe.Banner);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Nothing_listening_is_a_refused_connection()
    {
        var endpoint = UnansweredListener.NothingListening();

        var outcome = await Run(new SmtpProbeRequest(endpoint, "relay.contoso.com") { Timeout = s_generous });
        Assert.Equal(SmtpProbeStatus.ConnectFailed, outcome.Status);
        Assert.Equal(SmtpProbeStep.Connect, outcome.FailedStep);
        Assert.False(outcome.TimedOut);
        Assert.Contains($"connection refused by 127.0.0.1:{endpoint.Port}", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(outcome.Probe.Transcript);
    }

    [Fact]
    public async Task An_IPv6_address_is_written_in_brackets()
    {
        // Nothing is bound on ::1 (test servers bind 127.0.0.1 only): the refusal is enough to see the address form.
        var port = UnansweredListener.NothingListening().Port;

        var outcome = await Run(new SmtpProbeRequest(new IPEndPoint(IPAddress.IPv6Loopback, port), "relay.contoso.com") { Timeout = s_generous });
        Assert.Equal(SmtpProbeStatus.ConnectFailed, outcome.Status);
        Assert.Equal($"[::1]:{port}", outcome.Probe.Address);
        Assert.Contains($"[::1]:{port}", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connect_that_gets_no_answer_times_out()
    {
        // Linux drops SYNs once a listener's accept queue is full, which makes an unanswered
        // connect on loopback (Windows answers with a reset instead, so there is nothing to test):
        // the tests run on Linux, and elsewhere this fails rather than pass without running.
        Assert.True(System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux), "This test needs Linux, whose full accept queue leaves a connect unanswered.");

        using var listener = await UnansweredListener.StartAsync();
        var endpoint = listener.EndPoint;
        var watch = Stopwatch.StartNew();
        var outcome = await Run(new SmtpProbeRequest(endpoint, "relay.contoso.com") { Timeout = s_short });
        Assert.Equal(SmtpProbeStatus.ConnectFailed, outcome.Status);
        Assert.Equal(SmtpProbeStep.Connect, outcome.FailedStep);
        Assert.True(outcome.TimedOut);
        Assert.Contains($"no TCP connection to 127.0.0.1:{endpoint.Port} within 4 s", outcome.Detail, StringComparison.Ordinal);
        AssertOneTimeout(watch, s_short);
    }

    [Fact]
    public async Task A_server_that_closes_at_once_is_a_protocol_error()
    {
        await using var server = new ScriptedSmtpServer(_ => Task.CompletedTask);
        var outcome = await Run(Request(server));
        Assert.Equal(SmtpProbeStatus.ProtocolError, outcome.Status);
        Assert.Equal(SmtpProbeStep.Banner, outcome.FailedStep);
        Assert.StartsWith($"while waiting for the banner from 127.0.0.1:{server.Endpoint.Port}, the server closed the connection before replying", outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("554 5.7.1 relay.contoso.com: access denied\r\n", 554)]
    [InlineData("421 4.3.2 Service not available, closing transmission channel\r\n", 421)]
    public async Task A_refusing_greeting_is_recorded_and_answered_with_QUIT(string greeting, int code)
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript { Banner = greeting });
        var outcome = await Run(Request(server));
        Assert.Equal(SmtpProbeStatus.ProtocolError, outcome.Status);
        Assert.Equal(SmtpProbeStep.Banner, outcome.FailedStep);
        Assert.Equal(greeting.TrimEnd(), outcome.Probe.Banner);
        Assert.Equal(code, outcome.Probe.BannerCode);
        Assert.Contains($"greeted with {code} instead of 220", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(new[] { "QUIT" }, server.Received.ToArray());
    }

    [Fact]
    public async Task A_garbage_banner_is_a_protocol_error_quoting_it_escaped()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.SendAsync(new byte[] { (byte)'H', (byte)'i', 0x00, 0x07, (byte)'\r', (byte)'\n' });
            await c.HoldOpenAsync();
        });
        var outcome = await Run(Request(server));
        Assert.Equal(SmtpProbeStatus.ProtocolError, outcome.Status);
        Assert.Equal(SmtpProbeStep.Banner, outcome.FailedStep);
        Assert.Contains("'Hi\\x00\\x07' does not start with a three-digit reply code", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal("S: Hi\\x00\\x07", outcome.Probe.Transcript.Single());
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task A_banner_without_line_end_is_cut_off()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.SendAsync("220 " + new string('x', 1024 * 1024));
            await c.HoldOpenAsync();
        });
        var outcome = await Run(Request(server));
        Assert.Equal(SmtpProbeStatus.ProtocolError, outcome.Status);
        Assert.Contains("more than 4096 bytes without a line end", outcome.Detail, StringComparison.Ordinal);
        Assert.False(outcome.TimedOut);
    }

    [Fact]
    public async Task Data_sent_unasked_after_the_banner_is_a_protocol_error()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript { Banner = EopLikeScript.EopBanner + "250 surprise\r\n" });
        var outcome = await Run(Request(server));
        Assert.Equal(SmtpProbeStatus.ProtocolError, outcome.Status);
        Assert.Equal(SmtpProbeStep.Ehlo, outcome.FailedStep);
        Assert.Contains("sent data nobody asked for before EHLO: '250 surprise\\r\\n'", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task A_refused_EHLO_is_a_protocol_error_then_QUIT()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript { EhloReply = "502 5.5.2 Command not implemented\r\n" });
        var outcome = await Run(Request(server));
        Assert.Equal(SmtpProbeStatus.ProtocolError, outcome.Status);
        Assert.Equal(SmtpProbeStep.Ehlo, outcome.FailedStep);
        Assert.Contains("answered EHLO [127.0.0.1] with 502 instead of 250", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(new[] { "EHLO [127.0.0.1]", "QUIT" }, server.Received.ToArray());
    }

    [Fact]
    public async Task No_reply_to_EHLO_times_out()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.SendAsync(EopLikeScript.EopBanner);
            await c.HoldOpenAsync();
        });
        var watch = Stopwatch.StartNew();
        var outcome = await Run(Request(server, s_short));
        Assert.Equal(SmtpProbeStatus.ProtocolError, outcome.Status);
        Assert.Equal(SmtpProbeStep.Ehlo, outcome.FailedStep);
        Assert.True(outcome.TimedOut);
        Assert.Contains("no reply to EHLO", outcome.Detail, StringComparison.Ordinal);
        AssertOneTimeout(watch, s_short);
    }

    [Fact]
    public async Task Mixed_codes_in_the_EHLO_reply_are_a_protocol_error()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript { EhloReply = "250-host\r\n220 oops\r\n" });
        var outcome = await Run(Request(server));
        Assert.Equal(SmtpProbeStatus.ProtocolError, outcome.Status);
        Assert.Equal(SmtpProbeStep.Ehlo, outcome.FailedStep);
        Assert.Contains("different codes (250, then 220", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("S: 250-host", outcome.Probe.Transcript);
        Assert.Contains("S: 220 oops", outcome.Probe.Transcript);
    }

    [Fact]
    public async Task A_server_that_answers_QUIT_but_stays_open_does_not_hold_the_probe()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript { Quit = QuitBehaviour.ReplyAndStayOpen });
        var watch = Stopwatch.StartNew();
        var outcome = await Run(Request(server));
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);

        // The 221 ends the wait; the 10 s timeout is not needed.
        Assert.True(watch.Elapsed < s_generous, $"took {watch.Elapsed}");
        Assert.StartsWith("S: 221", outcome.Probe.Transcript[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_silent_after_QUIT_is_left_after_one_timeout()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript { Quit = QuitBehaviour.SilentAndStayOpen });
        var watch = Stopwatch.StartNew();
        var outcome = await Run(Request(server, s_short));
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.Equal("C: QUIT", outcome.Probe.Transcript[^1]);
        AssertOneTimeout(watch, s_short);
    }

    [Fact]
    public async Task The_recipient_test_records_the_ATTR35_deferral_and_never_sends_DATA()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript());
        var request = Request(server);
        request.Recipient = "attr35@contoso.com";
        var outcome = await Run(request);

        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.Equal(EopLikeScript.Attr35Text, outcome.Probe.RecipientReply);
        Assert.Equal(451, outcome.Probe.RecipientReplyCode);
        Assert.Equal(250, outcome.Probe.SenderReplyCode);
        Assert.Contains("RCPT TO answered 451", outcome.Detail, StringComparison.Ordinal);

        // No -Sender: the null sender. Then RSET ends the transaction; never DATA or BDAT.
        Assert.Equal(new[] { "EHLO [127.0.0.1]", "MAIL FROM:<>", "RCPT TO:<attr35@contoso.com>", "RSET", "QUIT" }, server.Received.ToArray());
        Assert.DoesNotContain(server.Received, l => l.StartsWith("DATA", StringComparison.OrdinalIgnoreCase) || l.StartsWith("BDAT", StringComparison.OrdinalIgnoreCase));

        Assert.True(ExchangeReply.TryParse(outcome.Probe.RecipientReply, out var attr35));
        Assert.Equal(ReplyKind.Attr35, attr35!.Kind);
        Assert.Equal("NAM", attr35!.Region);
        AssertNoScriptErrors(server);
    }

    [Fact]
    public async Task A_sender_is_used_and_normalised()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript { RcptReply = "250 2.1.5 Recipient OK\r\n" });
        var request = Request(server);
        request.Sender = "<Probe@Contoso.COM>";
        request.Recipient = "user@bücher.example";
        var outcome = await Run(request);
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.Equal("250 2.1.5 Recipient OK", outcome.Probe.RecipientReply);
        Assert.Equal(new[] { "EHLO [127.0.0.1]", "MAIL FROM:<Probe@contoso.com>", "RCPT TO:<user@xn--bcher-kva.example>", "RSET", "QUIT" }, server.Received.ToArray());
    }

    [Fact]
    public async Task A_sender_alone_tests_MAIL_FROM_only()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript());
        var request = Request(server);
        request.Sender = string.Empty;
        var outcome = await Run(request);
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.Equal(new[] { "EHLO [127.0.0.1]", "MAIL FROM:<>", "RSET", "QUIT" }, server.Received.ToArray());
        Assert.Null(outcome.Probe.RecipientReply);
    }

    [Fact]
    public async Task A_refused_sender_is_recorded_and_no_recipient_is_tried()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript { MailReply = "530 5.7.57 Client not authenticated to send mail\r\n" });
        var request = Request(server);
        request.Recipient = "user@contoso.com";
        var outcome = await Run(request);
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.True(outcome.SenderRejected);
        Assert.Equal(530, outcome.Probe.SenderReplyCode);
        Assert.Equal("530 5.7.57 Client not authenticated to send mail", outcome.Probe.SenderReply);
        Assert.Null(outcome.Probe.RecipientReply);
        Assert.Equal(new[] { "EHLO [127.0.0.1]", "MAIL FROM:<>", "QUIT" }, server.Received.ToArray());
    }

    [Fact]
    public async Task A_server_that_hangs_up_after_RCPT_still_yields_a_completed_probe()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript { CloseAfterRcpt = true });
        var request = Request(server);
        request.Recipient = "attr35@contoso.com";
        var outcome = await Run(request);
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.Equal(451, outcome.Probe.RecipientReplyCode);
        Assert.Equal("C: RSET", outcome.Probe.Transcript[^1]);
    }

    [Theory]
    [InlineData("attr35@contoso.com\r\nDATA", null, null)]
    [InlineData("attr35@contoso.com\n", null, null)]
    [InlineData(null, "probe@contoso.com\rRCPT TO:<x@y.com>", null)]
    [InlineData(null, null, "mail.contoso.com\r\nMAIL FROM:<x@y.com>")]
    [InlineData("not-an-address", null, null)]
    [InlineData(null, null, "SERVER01")]
    public async Task Invalid_input_is_refused_before_connecting(string? recipient, string? sender, string? helo)
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript());
        var request = Request(server);
        request.Recipient = recipient;
        request.Sender = sender;
        request.HeloName = helo;
        await Assert.ThrowsAsync<ArgumentException>(() => Run(request));

        // Give a connection that should not exist a moment to show up.
        await Task.Delay(200);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task An_invalid_timeout_is_refused()
    {
        var request = new SmtpProbeRequest(new IPEndPoint(IPAddress.Loopback, 25), "relay.contoso.com") { Timeout = TimeSpan.Zero };
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Run(request));
    }

    [Fact]
    public async Task Cancellation_stops_the_probe_promptly()
    {
        await using var server = new ScriptedSmtpServer(async c => await c.HoldOpenAsync());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SmtpProbeSession.RunAsync(Request(server, TimeSpan.FromSeconds(60)), cts.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task An_already_cancelled_token_never_connects()
    {
        await using var server = new ScriptedSmtpServer(new EopLikeScript());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SmtpProbeSession.RunAsync(Request(server), new CancellationToken(true)));
        await Task.Delay(200);
        Assert.Equal(0, server.Connections);
    }
}
