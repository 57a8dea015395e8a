using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.FaultServer;
using ATTR35.Smtp;
using Xunit;

namespace ATTR35.Tests.Smtp;

public class SmtpProbeTlsTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_short = TimeSpan.FromSeconds(4);

    private static Task<SmtpProbeOutcome> Run(SmtpProbeRequest request) => SmtpProbeSession.RunAsync(request, CancellationToken.None);

    [Fact]
    public async Task STARTTLS_is_used_and_the_certificate_described()
    {
        using var certificate = TestCertificates.Eop();
        await using var server = new ScriptedSmtpServer(new EopLikeScript { Certificate = certificate });
        var request = new SmtpProbeRequest(server.Endpoint, "contoso-com.mail.protection.outlook.com") { Timeout = s_generous };
        request.Recipient = "attr35@contoso.com";

        var outcome = await Run(request);

        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        var probe = outcome.Probe;
        Assert.True(outcome.StartTlsOffered);
        Assert.True(probe.StartTlsOffered);
        Assert.False(outcome.StartTlsRefused);
        Assert.True(probe.StartTls);
        Assert.Contains(probe.TlsProtocol, new[] { "Tls12", "Tls13" });

        var cert = probe.Certificate!;
        Assert.NotNull(cert);
        Assert.Equal(certificate.Subject, cert.Subject);
        Assert.Equal(certificate.Issuer, cert.Issuer);
        Assert.Equal(certificate.Thumbprint, cert.Thumbprint);
        Assert.Equal(certificate.NotBefore, cert.NotBefore);
        Assert.Equal(certificate.NotAfter, cert.NotAfter);
        Assert.Equal(new[] { "mail.protection.outlook.com", "*.mail.protection.outlook.com" }, cert.DnsNames);
        Assert.Equal("contoso-com.mail.protection.outlook.com", cert.ServerName);
        Assert.False(cert.ChainValid); // self-signed
        Assert.NotEmpty(cert.ChainStatus);
        Assert.True(cert.NameMatches); // via the wildcard

        // EHLO again inside TLS, then the transaction, all inside TLS; STARTTLS is no longer offered there.
        Assert.Equal(new[] { "EHLO [127.0.0.1]", "STARTTLS", "EHLO [127.0.0.1]", "MAIL FROM:<>", "RCPT TO:<attr35@contoso.com>", "RSET", "QUIT" }, server.Received.ToArray());
        Assert.DoesNotContain("STARTTLS", probe.Extensions);
        Assert.Equal(451, probe.RecipientReplyCode);
        Assert.Contains("C: STARTTLS", probe.Transcript);
        Assert.Contains("S: 220 2.0.0 SMTP server ready", probe.Transcript);
        Assert.False(probe.ClientCertificateSent);
        Assert.Contains("TLS Tls1", outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mail.protection.outlook.com", true)]
    [InlineData("MAIL.Protection.Outlook.com.", true)]
    [InlineData("relay.contoso.com", false)]
    [InlineData("a.b.mail.protection.outlook.com", false)]
    [InlineData("protection.outlook.com", false)]
    public async Task NameMatches_follows_the_expected_server_name(string serverName, bool matches)
    {
        using var certificate = TestCertificates.Eop();
        await using var server = new ScriptedSmtpServer(new EopLikeScript { Certificate = certificate });
        var outcome = await Run(new SmtpProbeRequest(server.Endpoint, serverName) { Timeout = s_generous });

        // A mismatch is recorded, never a reason to stop: the probe diagnoses, it does not refuse.
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.True(outcome.Probe.StartTls);
        Assert.Equal(matches, outcome.Probe.Certificate!.NameMatches);
    }

    [Fact]
    public async Task A_certificate_without_SAN_falls_back_to_its_common_name()
    {
        using var certificate = TestCertificates.Create("CN=relay.contoso.com, O=Contoso", Array.Empty<string>());
        await using var server = new ScriptedSmtpServer(new EopLikeScript { Certificate = certificate });
        var outcome = await Run(new SmtpProbeRequest(server.Endpoint, "relay.contoso.com") { Timeout = s_generous });
        Assert.Equal(new[] { "relay.contoso.com" }, outcome.Probe.Certificate!.DnsNames);
    }

    [Fact]
    public async Task An_IP_literal_server_name_is_matched_against_IP_entries()
    {
        using var certificate = TestCertificates.Create("CN=relay.contoso.com", new[] { "relay.contoso.com" }, new[] { IPAddress.Loopback });
        await using var server = new ScriptedSmtpServer(new EopLikeScript { Certificate = certificate });
        var outcome = await Run(new SmtpProbeRequest(server.Endpoint, "127.0.0.1") { Timeout = s_generous });
        Assert.Equal(new[] { "127.0.0.1" }, outcome.Probe.Certificate!.IPAddresses);
        Assert.True(outcome.Probe.Certificate.NameMatches);
    }

    [Fact]
    public async Task An_expired_certificate_has_an_invalid_chain()
    {
        using var certificate = TestCertificates.Create("CN=mail.protection.outlook.com", new[] { "mail.protection.outlook.com" },
            notBefore: DateTimeOffset.UtcNow.AddDays(-60), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        await using var server = new ScriptedSmtpServer(new EopLikeScript { Certificate = certificate });
        var outcome = await Run(new SmtpProbeRequest(server.Endpoint, "mail.protection.outlook.com") { Timeout = s_generous });
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.False(outcome.Probe.Certificate!.ChainValid);
        // The chain is the platform's: .NET and .NET Framework say NotTimeValid; Mono stops at the
        // missing root (PartialChain) and never reaches the dates. The expiry finding reads NotAfter,
        // so it is the same everywhere (the README says so).
        Assert.Contains(TestRuntime.IsMono ? "PartialChain" : "NotTimeValid", outcome.Probe.Certificate.ChainStatus);
        Assert.True(outcome.Probe.Certificate.NotAfter < DateTime.Now);
    }

    [Fact]
    public async Task TryStartTls_false_leaves_TLS_alone()
    {
        using var certificate = TestCertificates.Eop();
        await using var server = new ScriptedSmtpServer(new EopLikeScript { Certificate = certificate });
        var outcome = await Run(new SmtpProbeRequest(server.Endpoint, "mail.protection.outlook.com") { Timeout = s_generous, TryStartTls = false });
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.True(outcome.StartTlsOffered);
        Assert.False(outcome.Probe.StartTls);
        Assert.Null(outcome.Probe.Certificate);
        Assert.Equal(new[] { "EHLO [127.0.0.1]", "QUIT" }, server.Received.ToArray());
    }

    [Fact]
    public async Task A_refused_STARTTLS_is_flagged_and_the_probe_goes_on_in_plain_text()
    {
        using var certificate = TestCertificates.Eop();
        await using var server = new ScriptedSmtpServer(new EopLikeScript { Certificate = certificate, StartTlsReply = "454 4.7.0 TLS not available due to local problem\r\n" });
        var request = new SmtpProbeRequest(server.Endpoint, "mail.protection.outlook.com") { Timeout = s_generous, Recipient = "attr35@contoso.com" };
        var outcome = await Run(request);
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.True(outcome.StartTlsOffered);
        Assert.True(outcome.StartTlsRefused);
        Assert.False(outcome.Probe.StartTls);
        Assert.Equal(451, outcome.Probe.RecipientReplyCode);
        Assert.Contains("STARTTLS refused", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_certificate_is_presented_when_the_server_asks()
    {
        using var certificate = TestCertificates.Eop();
        using var clientCertificate = TestCertificates.Create("CN=mail.contoso.com", new[] { "mail.contoso.com" }, client: true);
        await using var server = new ScriptedSmtpServer(new EopLikeScript { Certificate = certificate, AskForClientCertificate = true });
        var request = new SmtpProbeRequest(server.Endpoint, "mail.protection.outlook.com") { Timeout = s_generous, ClientCertificate = clientCertificate };
        var outcome = await Run(request);
        Assert.Equal(SmtpProbeStatus.Completed, outcome.Status);
        Assert.True(outcome.Probe.ClientCertificateSent);
        Assert.Equal(clientCertificate.Thumbprint, server.ClientCertificate?.Thumbprint);

        // The transcript holds commands only: nothing of the certificate, let alone its key.
        Assert.DoesNotContain(outcome.Probe.Transcript, l => l.Contains("BEGIN", StringComparison.Ordinal) || l.Contains(clientCertificate.Thumbprint, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_handshake_is_TlsFailed()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.SendAsync("220 relay.contoso.com ESMTP\r\n");
            await c.ReadLineAsync();
            await c.SendAsync("250-relay.contoso.com\r\n250 STARTTLS\r\n");
            await c.ReadLineAsync();
            await c.SendAsync("220 Go ahead\r\n");
            await c.SendAsync("this is not TLS at all\r\n");
            await Task.Delay(200);
        });

        // The plain text arrives with or right after the 220: either it is caught as data before
        // the handshake, or the handshake chokes on it. Both are errors, and both say so.
        var outcome = await Run(new SmtpProbeRequest(server.Endpoint, "relay.contoso.com") { Timeout = s_generous });
        Assert.Contains(outcome.Status, new[] { SmtpProbeStatus.TlsFailed, SmtpProbeStatus.ProtocolError });
        Assert.False(outcome.Probe.StartTls);
        if (outcome.Status == SmtpProbeStatus.TlsFailed)
        {
            Assert.Equal(SmtpProbeStep.TlsHandshake, outcome.FailedStep);
            Assert.Contains("TLS handshake with 127.0.0.1:", outcome.Detail, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("before the TLS handshake", outcome.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_server_that_closes_instead_of_handshaking_is_TlsFailed()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.SendAsync("220 relay.contoso.com ESMTP\r\n");
            await c.ReadLineAsync();
            await c.SendAsync("250-relay.contoso.com\r\n250 STARTTLS\r\n");
            await c.ReadLineAsync();
            await c.SendAsync("220 Go ahead\r\n");
            await c.ReadLineAsync(); // the ClientHello has no line end: this returns when the client gives up
        });
        var outcome = await Run(new SmtpProbeRequest(server.Endpoint, "relay.contoso.com") { Timeout = s_short });
        Assert.Equal(SmtpProbeStatus.TlsFailed, outcome.Status);
        Assert.Equal(SmtpProbeStep.TlsHandshake, outcome.FailedStep);
    }

    [Fact]
    public async Task A_silent_handshake_times_out()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.SendAsync("220 relay.contoso.com ESMTP\r\n");
            await c.ReadLineAsync();
            await c.SendAsync("250-relay.contoso.com\r\n250 STARTTLS\r\n");
            await c.ReadLineAsync();
            await c.SendAsync("220 Go ahead\r\n");
            c.KeepOpenAfterScript = true;
            await Task.Delay(Timeout.Infinite, c.Stop);
        });
        var watch = Stopwatch.StartNew();
        var outcome = await Run(new SmtpProbeRequest(server.Endpoint, "relay.contoso.com") { Timeout = s_short });
        Assert.Equal(SmtpProbeStatus.TlsFailed, outcome.Status);
        Assert.True(outcome.TimedOut);
        Assert.Contains("no TLS handshake", outcome.Detail, StringComparison.Ordinal);
        SmtpProbeSessionTests.AssertOneTimeout(watch, s_short);
    }

    [Fact]
    public async Task Plain_text_injected_after_the_STARTTLS_reply_is_refused()
    {
        await using var server = new ScriptedSmtpServer(async c =>
        {
            await c.SendAsync("220 relay.contoso.com ESMTP\r\n");
            await c.ReadLineAsync();
            await c.SendAsync("250-relay.contoso.com\r\n250 STARTTLS\r\n");
            await c.ReadLineAsync();

            // One write: the injected reply arrives with the 220 (CVE-2011-0411 in reverse).
            await c.SendAsync("220 Go ahead\r\n250-injected\r\n250 AUTH PLAIN\r\n");
            await c.HoldOpenAsync();
        });
        var outcome = await Run(new SmtpProbeRequest(server.Endpoint, "relay.contoso.com") { Timeout = s_generous });
        Assert.Equal(SmtpProbeStatus.ProtocolError, outcome.Status);
        Assert.Equal(SmtpProbeStep.StartTls, outcome.FailedStep);
        Assert.Contains("sent data after its 220 reply to STARTTLS", outcome.Detail, StringComparison.Ordinal);
        Assert.False(outcome.Probe.StartTls);
    }
}
