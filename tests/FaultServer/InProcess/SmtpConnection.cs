using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>One client connection of a <see cref="ScriptedSmtpServer"/>, as its script sees it.</summary>
public sealed class SmtpConnection
{
    private readonly ScriptedSmtpServer _server;
    private Stream _stream;

    internal SmtpConnection(ScriptedSmtpServer server, TcpClient client, CancellationToken stop)
    {
        _server = server;
        Client = client;
        _stream = client.GetStream();
        Stop = stop;
    }

    /// <summary>Cancelled when the server is disposed.</summary>
    public CancellationToken Stop { get; }

    /// <summary>The socket, for scripts that write the wire themselves (the FaultServer scenarios).</summary>
    public TcpClient Client { get; }

    public IPEndPoint ClientEndpoint => (IPEndPoint)Client.Client.RemoteEndPoint!;

    /// <summary>When set, the socket stays open after the script returns (until the server is disposed).</summary>
    public bool KeepOpenAfterScript { get; set; }

    public bool IsTls => _stream is SslStream;

    public async Task SendAsync(string raw)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);
        await _stream.WriteAsync(bytes, 0, bytes.Length, Stop).ConfigureAwait(false);
        await _stream.FlushAsync(Stop).ConfigureAwait(false);
    }

    public async Task SendAsync(byte[] raw)
    {
        await _stream.WriteAsync(raw, 0, raw.Length, Stop).ConfigureAwait(false);
        await _stream.FlushAsync(Stop).ConfigureAwait(false);
    }

    /// <summary>The next line without its line end (recorded in <see cref="ScriptedSmtpServer.Received"/>), or null when the client closed the connection.</summary>
    public async Task<string?> ReadLineAsync()
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var n = await _stream.ReadAsync(one, 0, 1, Stop).ConfigureAwait(false);
            if (n == 0)
            {
                return null;
            }

            if (one[0] == (byte)'\n')
            {
                if (bytes.Count > 0 && bytes[bytes.Count - 1] == (byte)'\r')
                {
                    bytes.RemoveAt(bytes.Count - 1);
                }

                var line = Encoding.UTF8.GetString(bytes.ToArray());
                _server.Record(line);
                return line;
            }

            bytes.Add(one[0]);
        }
    }

    /// <summary>Answers the client's TLS handshake with <paramref name="certificate"/>; every client certificate is accepted and kept in <see cref="ScriptedSmtpServer.ClientCertificate"/>.</summary>
    public async Task StartTlsAsync(X509Certificate2 certificate, bool askForClientCertificate)
    {
#if NETFRAMEWORK
        // .NET Framework has no options overload; the callback is the stream's instead.
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await ssl.AuthenticateAsServerAsync(certificate, askForClientCertificate, System.Security.Authentication.SslProtocols.None, checkCertificateRevocation: false).ConfigureAwait(false);
#else
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate,
                ClientCertificateRequired = askForClientCertificate,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
            Stop).ConfigureAwait(false);
#endif
        if (ssl.RemoteCertificate is not null)
        {
            _server.ClientCertificate = new X509Certificate2(ssl.RemoteCertificate);
        }

        _stream = ssl;
    }

    /// <summary>Waits until the client closes the connection (or the server is disposed), reading and recording whatever comes.</summary>
    public async Task HoldOpenAsync()
    {
        while (await ReadLineAsync().ConfigureAwait(false) is not null)
        {
        }
    }
}
