using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>
/// A TCP server on loopback (port chosen by the system) that runs a script per connection: the
/// host of every scripted SMTP server, in a test's process (xunit) or in the FaultServer process
/// (one per named scenario). It records every line a script reads, so tests can assert what went
/// over the wire.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<SmtpConnection, Task> _script;
    private readonly Action<Exception>? _onScriptError;
    private readonly ConcurrentBag<TcpClient> _clients = new();
    private readonly ConcurrentBag<Task> _handlers = new();
    private readonly Task _acceptLoop;
    private int _connections;

    /// <summary>Starts listening on 127.0.0.1.</summary>
    public ScriptedSmtpServer(Func<SmtpConnection, Task> script)
        : this(IPAddress.Loopback, script, null)
    {
    }

    /// <summary>Starts listening on <paramref name="address"/> (a loopback address); <paramref name="onScriptError"/> hears script bugs as they happen.</summary>
    public ScriptedSmtpServer(IPAddress address, Func<SmtpConnection, Task> script, Action<Exception>? onScriptError)
    {
        _script = script;
        _onScriptError = onScriptError;
        _listener = new TcpListener(address, 0);
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
    public X509Certificate2? ClientCertificate { get; internal set; }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _clients.Add(client);
            _handlers.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var connection = new SmtpConnection(this, client, _stop.Token);
        try
        {
            client.NoDelay = true;
            await _script(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or AuthenticationException)
        {
            // The client went away (or gave up on a certificate): what many tests do on purpose.
        }
        catch (Exception ex)
        {
            ScriptErrors.Enqueue(ex);
            _onScriptError?.Invoke(ex);
        }
        finally
        {
            if (!connection.KeepOpenAfterScript)
            {
                client.Dispose();
            }
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
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            await Task.WhenAll(_handlers).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Handlers end by exception when their socket is closed under them.
        }

        _stop.Dispose();
    }

    internal void Record(string line) => Received.Enqueue(line);
}
