using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>Small socket chores shared by the scenarios.</summary>
internal static class Wire
{
    /// <summary>Sends one reply (its lines separated by CR LF), adding the line end.</summary>
    public static async Task ReplyAsync(Stream stream, string line, CancellationToken cancellation, string lineEnd = "\r\n")
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line.Replace("\r\n", lineEnd, StringComparison.Ordinal) + lineEnd), cancellation);
        await stream.FlushAsync(cancellation);
    }

    /// <summary>Reads and drops whatever the client sends until it closes its side.</summary>
    public static async Task DrainAsync(Stream stream, CancellationToken cancellation)
    {
        byte[] buffer = new byte[4096];
        while (await stream.ReadAsync(buffer, cancellation) > 0)
        {
        }
    }

    /// <summary>
    /// Ends the connection with FIN rather than RST: stops sending, then gives the client a
    /// moment to read the last reply and close, so nothing sent is lost to a reset.
    /// </summary>
    public static async Task CloseAsync(TcpClient client, CancellationToken cancellation)
    {
        try
        {
            NetworkStream stream = client.GetStream();
            client.Client.Shutdown(SocketShutdown.Send);
            using var linger = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            linger.CancelAfter(TimeSpan.FromSeconds(2));
            await DrainAsync(stream, linger.Token);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The client already went away, or did not close in time: closing anyway.
        }
    }
}
