using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>The scenarios: one listener each, named by the keys of the state file.</summary>
internal static class Scenarios
{
    /// <summary>Every scenario, in the order the state file lists them.</summary>
    public static readonly string[] Names =
    [
        "silent", "drip", "garbage", "endless", "closemid", "greet421", "greet554", "ehlo4xx",
        "nostarttls", "starttlsrefused", "brokentls", "noquitclose", "good", "recorder",
    ];

    /// <summary>Serves one connection of <paramref name="scenario"/>.</summary>
    public static Task RunAsync(string scenario, TcpClient client, LineRecorder recorder, CancellationToken cancellation)
    {
        NetworkStream stream = client.GetStream();
        IPAddress peer = ((IPEndPoint)client.Client.RemoteEndPoint!).Address;
        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }

        return scenario switch
        {
            "silent" => Wire.DrainAsync(stream, cancellation),
            "drip" => DripAsync(client, peer, recorder, cancellation),
            "garbage" => GarbageAsync(stream, cancellation),
            "endless" => EndlessAsync(stream, cancellation),
            "closemid" => SendAndCloseAsync(client, "220-first line\r\n220-second", cancellation),
            "greet421" => SendAndCloseAsync(client, "421 4.3.2 Service not available, closing transmission channel\r\n", cancellation),
            "greet554" => SessionAsync(client, peer, recorder, "554 5.7.1 No SMTP service here",
                new SessionOptions("greet554.example") { GreetingRejected = true }, cancellation),
            "ehlo4xx" => SessionAsync(client, peer, recorder, "220 ehlo4xx.example ESMTP",
                new SessionOptions("ehlo4xx.example") { EhloFails = true }, cancellation),
            "nostarttls" => SessionAsync(client, peer, recorder, "220 nostarttls.example ESMTP",
                new SessionOptions("nostarttls.example"), cancellation),
            "starttlsrefused" => SessionAsync(client, peer, recorder, "220 starttlsrefused.example ESMTP",
                new SessionOptions("starttlsrefused.example") { StartTls = StartTlsMode.Refused }, cancellation),
            "brokentls" => SessionAsync(client, peer, recorder, "220 brokentls.example ESMTP",
                new SessionOptions("brokentls.example") { StartTls = StartTlsMode.Broken }, cancellation),
            "noquitclose" => SessionAsync(client, peer, recorder, "220 noquitclose.example ESMTP",
                new SessionOptions("noquitclose.example") { QuitReply = "221 bye", KeepOpenAfterQuit = true }, cancellation),
            "good" => SessionAsync(client, peer, recorder, "220 good.example ESMTP",
                new SessionOptions("good.example"), cancellation),
            "recorder" => SessionAsync(client, peer, recorder, "220 recorder.example ESMTP",
                new SessionOptions("recorder.example") { Record = true }, cancellation),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "unknown scenario"),
        };
    }

    private static async Task SessionAsync(
        TcpClient client, IPAddress peer, LineRecorder recorder, string banner, SessionOptions options, CancellationToken cancellation)
    {
        await Wire.ReplyAsync(client.GetStream(), banner, cancellation);
        await new SmtpSession(client, peer, options, recorder).RunAsync(cancellation);
    }

    // A valid banner one byte every 200 ms (about 6 s in all), then a good session.
    private static async Task DripAsync(TcpClient client, IPAddress peer, LineRecorder recorder, CancellationToken cancellation)
    {
        NetworkStream stream = client.GetStream();
        byte[] banner = Encoding.ASCII.GetBytes("220 drip.example ESMTP ready\r\n");
        for (int i = 0; i < banner.Length; i++)
        {
            await stream.WriteAsync(banner.AsMemory(i, 1), cancellation);
            await Task.Delay(200, cancellation);
        }

        await new SmtpSession(client, peer, new SessionOptions("drip.example"), recorder).RunAsync(cancellation);
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

    private static async Task SendAndCloseAsync(TcpClient client, string text, CancellationToken cancellation)
    {
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(text), cancellation);
        await Wire.CloseAsync(client, cancellation);
    }
}
