using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.Tests.Smtp;

/// <summary>
/// A TCP server on 127.0.0.1 (port chosen by the system) that runs a script per connection. It
/// records every line a client sends, so tests can assert what went over the wire.
/// </summary>
internal sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<ServerConnection, Task> _script;
    private readonly ConcurrentBag<TcpClient> _clients = new();
    private readonly ConcurrentBag<Task> _handlers = new();
    private readonly Task _acceptLoop;
    private int _connections;

    public ScriptedSmtpServer(Func<ServerConnection, Task> script)
    {
        _script = script;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every line received from clients, in order, without line ends; TLS-protected lines too.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Exceptions thrown by scripts (a script bug, not the client's).</summary>
    public ConcurrentQueue<Exception> ScriptErrors { get; } = new();

    /// <summary>Set when a client presented a certificate in a TLS handshake.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _clients.Add(client);
            _handlers.Add(Task.Run(async () =>
            {
                var connection = new ServerConnection(this, client, _stop.Token);
                try
                {
                    await _script(connection);
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    // The client went away; that is what many tests do on purpose.
                }
                catch (Exception ex)
                {
                    ScriptErrors.Enqueue(ex);
                }
                finally
                {
                    if (!connection.KeepOpenAfterScript)
                    {
                        client.Dispose();
                    }
                }
            }));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5));
            await Task.WhenAll(_handlers).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // Handlers end by exception when their socket is closed under them.
        }

        _stop.Dispose();
    }

    internal sealed class ServerConnection
    {
        private readonly ScriptedSmtpServer _server;
        private readonly TcpClient _client;
        private Stream _stream;

        public ServerConnection(ScriptedSmtpServer server, TcpClient client, CancellationToken stop)
        {
            _server = server;
            _client = client;
            _stream = client.GetStream();
            Stop = stop;
        }

        public CancellationToken Stop { get; }

        public IPEndPoint ClientEndpoint => (IPEndPoint)_client.Client.RemoteEndPoint!;

        /// <summary>When set, the socket stays open after the script returns (until the server is disposed).</summary>
        public bool KeepOpenAfterScript { get; set; }

        public bool IsTls => _stream is SslStream;

        public async Task SendAsync(string raw)
        {
            var bytes = Encoding.UTF8.GetBytes(raw);
            await _stream.WriteAsync(bytes, Stop);
            await _stream.FlushAsync(Stop);
        }

        public async Task SendAsync(byte[] raw)
        {
            await _stream.WriteAsync(raw, Stop);
            await _stream.FlushAsync(Stop);
        }

        /// <summary>The next line without its line end, or null when the client closed the connection.</summary>
        public async Task<string?> ReadLineAsync()
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                var n = await _stream.ReadAsync(one, Stop);
                if (n == 0)
                {
                    return null;
                }

                if (one[0] == (byte)'\n')
                {
                    if (bytes.Count > 0 && bytes[^1] == (byte)'\r')
                    {
                        bytes.RemoveAt(bytes.Count - 1);
                    }

                    var line = Encoding.UTF8.GetString(bytes.ToArray());
                    _server.Received.Enqueue(line);
                    return line;
                }

                bytes.Add(one[0]);
            }
        }

        public async Task StartTlsAsync(X509Certificate2 certificate, bool askForClientCertificate)
        {
#if NETFRAMEWORK
            // .NET Framework has no options overload; the callback is the stream's instead.
            var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
            await ssl.AuthenticateAsServerAsync(certificate, askForClientCertificate, System.Security.Authentication.SslProtocols.None, checkCertificateRevocation: false);
#else
            var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateRequired = askForClientCertificate,
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                },
                Stop);
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
            while (await ReadLineAsync() is not null)
            {
            }
        }
    }
}
