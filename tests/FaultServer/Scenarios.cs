using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>The SMTP scenarios: one listener each, named by the keys of the state file.</summary>
internal static class Scenarios
{
    /// <summary>Every scenario, in the order the state file lists them.</summary>
    public static readonly string[] Names =
    [
        "silent", "drip", "garbage", "endless", "megaline", "closemid", "greet421", "greet554", "ehlo4xx",
        "closemidehlo", "mixedcodes", "hugereply", "unasked", "slowreply", "barelf", "bidibanner",
        "nostarttls", "starttlsrefused", "brokentls", "tlsstall", "tlsinject",
        "tlsgood", "certexpired", "certnotyet", "certwrongname", "certselfsigned", "certhostile",
        "mailrejected", "rcptclose", "rcptgarbage", "rcptsilent", "rcptattr35", "rcptepf", "rsetclose",
        "noquitclose", "good", "recorder", "recordertls",
    ];

    // A 2024+ front end: no region in its banner name; the RCPT TO bracket names the forest.
    private const string EpfBanner = "220 SJ5PEPF000001F2.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready at Tue, 1 Dec 2026 12:00:00 +0000 [08DD11AA22BB33CC]";
    private const string EpfAttr35Reply = "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more information go to https://go.microsoft.com/fwlink/p/?linkid=865268 [SJ5PEPF000001F2.namprd02.prod.outlook.com 2026-12-01T12:00:00.123Z 08DD11AA22BB33CC]";

    private const string Attr35Reply = "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more information go to https://go.microsoft.com/fwlink/p/?linkid=865268 [VE1EUR01FT034.eop-eur01.prod.protection.outlook.com]";

    /// <summary>Serves one connection of <paramref name="scenario"/>.</summary>
    public static Task RunAsync(string scenario, TcpClient client, ScenarioContext context, CancellationToken cancellation)
    {
        NetworkStream stream = client.GetStream();
        IPAddress peer = ((IPEndPoint)client.Client.RemoteEndPoint!).Address;
        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }

        int connection = context.NextConnection();
        FaultCertificates certificates = context.Certificates;
        Task Session(string banner, SessionOptions options) =>
            SessionAsync(client, peer, context, scenario, connection, banner, options, cancellation);
        SessionOptions Host() => new(scenario + ".example");
        SessionOptions Tls(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
            Host() with { StartTls = StartTlsMode.Accepted, Certificate = certificate };

        return scenario switch
        {
            "silent" => Wire.DrainAsync(stream, cancellation),
            "drip" => DripAsync(client, peer, context, connection, cancellation),
            "garbage" => GarbageAsync(stream, cancellation),
            "endless" => EndlessAsync(stream, cancellation),
            "megaline" => MegalineAsync(stream, cancellation),
            "closemid" => SendAndCloseAsync(client, "220-first line\r\n220-second", cancellation),
            "greet421" => SendAndCloseAsync(client, "421 4.3.2 Service not available, closing transmission channel\r\n", cancellation),
            "greet554" => Session("554 5.7.1 No SMTP service here", Host() with { GreetingRejected = true }),
            "ehlo4xx" => Session("220 ehlo4xx.example ESMTP", Host() with { EhloFails = true }),
            "closemidehlo" => Session("220 closemidehlo.example ESMTP", Host() with { EhloRaw = "250-closemidehlo.example Hello\r\n250-SIZE 1000\r\n250-8BIT", CloseAfterEhlo = true }),
            "mixedcodes" => Session("220 mixedcodes.example ESMTP", Host() with { EhloRaw = "250-mixedcodes.example Hello\r\n251 8BITMIME\r\n" }),
            "hugereply" => Session("220 hugereply.example ESMTP", Host() with { EhloRaw = HugeEhloReply() }),
            "unasked" => Session("220 unasked.example ESMTP\r\n250 2.0.0 nobody asked for this", Host()),
            "slowreply" => SlowBannerSessionAsync(client, peer, context, connection, cancellation),
            "barelf" => Session("220 barelf.example ESMTP", Host() with { LineEnd = "\n" }),
            "bidibanner" => BidiBannerAsync(client, peer, context, connection, cancellation),
            "nostarttls" => Session("220 nostarttls.example ESMTP", Host()),
            "starttlsrefused" => Session("220 starttlsrefused.example ESMTP", Host() with { StartTls = StartTlsMode.Refused }),
            "brokentls" => Session("220 brokentls.example ESMTP", Host() with { StartTls = StartTlsMode.Broken }),
            "tlsstall" => Session("220 tlsstall.example ESMTP", Host() with { StartTls = StartTlsMode.Stall }),
            "tlsinject" => Session("220 tlsinject.example ESMTP", Host() with { StartTls = StartTlsMode.Inject }),
            "tlsgood" => Session("220 tlsgood.example ESMTP", Tls(certificates.Good)),
            "certexpired" => Session("220 certexpired.example ESMTP", Tls(certificates.Expired)),
            "certnotyet" => Session("220 certnotyet.example ESMTP", Tls(certificates.NotYetValid)),
            "certwrongname" => Session("220 certwrongname.example ESMTP", Tls(certificates.WrongName)),
            "certselfsigned" => Session("220 certselfsigned.example ESMTP", Tls(certificates.SelfSigned)),
            "certhostile" => Session("220 certhostile.example ESMTP", Tls(certificates.Hostile)),
            "mailrejected" => Session("220 mailrejected.example ESMTP", Host() with { MailRejected = true }),
            "rcptclose" => Session("220 rcptclose.example ESMTP", Host() with { Rcpt = ReplyFault.Close }),
            "rcptgarbage" => Session("220 rcptgarbage.example ESMTP", Host() with { Rcpt = ReplyFault.Garbage }),
            "rcptsilent" => Session("220 rcptsilent.example ESMTP", Host() with { Rcpt = ReplyFault.Silent }),
            "rcptattr35" => Session("220 rcptattr35.example ESMTP", Tls(certificates.Good) with { RcptReply = Attr35Reply }),
            "rcptepf" => Session(EpfBanner, Tls(certificates.Good) with { RcptReply = EpfAttr35Reply }),
            "rsetclose" => Session("220 rsetclose.example ESMTP", Host() with { Rset = ReplyFault.Close }),
            "noquitclose" => Session("220 noquitclose.example ESMTP", Host() with { QuitReply = "221 bye", KeepOpenAfterQuit = true }),
            "good" => Session("220 good.example ESMTP", Host()),
            "recorder" => Session("220 recorder.example ESMTP", Host()),
            "recordertls" => Session("220 recordertls.example ESMTP", Tls(certificates.Good)),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "unknown scenario"),
        };
    }

    private static async Task SessionAsync(
        TcpClient client, IPAddress peer, ScenarioContext context, string scenario, int connection, string banner, SessionOptions options, CancellationToken cancellation)
    {
        await Wire.ReplyAsync(client.GetStream(), banner, cancellation, options.LineEnd);
        await new SmtpSession(client, peer, options, context, scenario, connection).RunAsync(cancellation);
    }

    // A valid banner one byte every 200 ms (about 6 s in all), then a good session.
    private static async Task DripAsync(TcpClient client, IPAddress peer, ScenarioContext context, int connection, CancellationToken cancellation)
    {
        NetworkStream stream = client.GetStream();
        byte[] banner = Encoding.ASCII.GetBytes("220 drip.example ESMTP ready\r\n");
        for (int i = 0; i < banner.Length; i++)
        {
            await stream.WriteAsync(banner.AsMemory(i, 1), cancellation);
            await Task.Delay(200, cancellation);
        }

        await new SmtpSession(client, peer, new SessionOptions("drip.example"), context, "drip", connection).RunAsync(cancellation);
    }

    // Every reply, the banner included, a second late: slow, but within any timeout of 2 s or more.
    private static async Task SlowBannerSessionAsync(TcpClient client, IPAddress peer, ScenarioContext context, int connection, CancellationToken cancellation)
    {
        var options = new SessionOptions("slowreply.example") { ReplyDelay = TimeSpan.FromSeconds(1) };
        await Task.Delay(options.ReplyDelay, cancellation);
        await Wire.ReplyAsync(client.GetStream(), "220 slowreply.example ESMTP", cancellation);
        await new SmtpSession(client, peer, options, context, "slowreply", connection).RunAsync(cancellation);
    }

    // A banner in UTF-8 with a right-to-left override, a NEL (a C1 control) and a line separator:
    // no byte below 0x20, so it is a well-formed reply whose text must still not reach a console raw.
    private static async Task BidiBannerAsync(TcpClient client, IPAddress peer, ScenarioContext context, int connection, CancellationToken cancellation)
    {
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes("220 bidi.example \u202eESMTP\u0085ready\u2028now\r\n"), cancellation);
        await new SmtpSession(client, peer, new SessionOptions("bidi.example"), context, "bidibanner", connection).RunAsync(cancellation);
    }

    // 4 KB of random bytes with no CR or LF anywhere, so no reply line ever completes.
    private static async Task GarbageAsync(NetworkStream stream, CancellationToken cancellation)
    {
        byte[] garbage = new byte[4096];
        Random.Shared.NextBytes(garbage);
        for (int i = 0; i < garbage.Length; i++)
        {
            if (garbage[i] is (byte)'\r' or (byte)'\n')
            {
                garbage[i] = 0x00;
            }
        }

        await stream.WriteAsync(garbage, cancellation);
        await Wire.DrainAsync(stream, cancellation);
    }

    // "220 " and then 'A' without end, as fast as the client reads, until it goes away.
    private static async Task EndlessAsync(NetworkStream stream, CancellationToken cancellation)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes("220 "), cancellation);
        byte[] chunk = new byte[65536];
        Array.Fill(chunk, (byte)'A');
        while (true)
        {
            await stream.WriteAsync(chunk, cancellation);
        }
    }

    // One banner line of 1 MiB: "220 " and 'A's, then CR LF, then silence until the client goes.
    private static async Task MegalineAsync(NetworkStream stream, CancellationToken cancellation)
    {
        byte[] line = new byte[(1024 * 1024) + 2];
        Array.Fill(line, (byte)'A');
        Encoding.ASCII.GetBytes("220 ").CopyTo(line, 0);
        line[^2] = (byte)'\r';
        line[^1] = (byte)'\n';
        await stream.WriteAsync(line, cancellation);
        await Wire.DrainAsync(stream, cancellation);
    }

    private static string HugeEhloReply() =>
        "250-hugereply.example Hello\r\n" + string.Concat(Enumerable.Range(1, 150).Select(i => $"250-X-EXTENSION-{i}\r\n")) + "250 8BITMIME\r\n";

    private static async Task SendAndCloseAsync(TcpClient client, string text, CancellationToken cancellation)
    {
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(text), cancellation);
        await Wire.CloseAsync(client, cancellation);
    }
}
