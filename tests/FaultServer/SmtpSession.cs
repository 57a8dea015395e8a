using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>
/// The command loop after the banner: EHLO, HELO, MAIL, RCPT, RSET, NOOP, QUIT and STARTTLS as
/// <see cref="SessionOptions"/> say; DATA and BDAT are refused (nothing is ever accepted); any
/// other input gets 500 5.5.2. Every line the client sends, in plain text or inside TLS, goes to
/// the recorder log.
/// </summary>
internal sealed class SmtpSession
{
    private readonly TcpClient _client;
    private readonly IPAddress _peer;
    private readonly SessionOptions _options;
    private readonly ScenarioContext _context;
    private readonly string _scenario;
    private readonly int _connection;
    private Stream _stream;
    private bool _mailGiven;
    private bool _secure;

    public SmtpSession(TcpClient client, IPAddress peer, SessionOptions options, ScenarioContext context, string scenario, int connection)
    {
        _client = client;
        _stream = client.GetStream();
        _peer = peer;
        _options = options;
        _context = context;
        _scenario = scenario;
        _connection = connection;
    }

    /// <summary>Serves commands until QUIT or until the client closes the connection.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        var reader = new SmtpLineReader(_stream);
        while (true)
        {
            SmtpLine? line = await reader.ReadLineAsync(cancellation);
            if (line is null)
            {
                return;
            }

            _context.Recorder.Append(_connection, _scenario, line);
            if (line.TooLong)
            {
                await ReplyAsync("500 5.5.2 Syntax error, line too long", cancellation);
                continue;
            }

            string text = line.Text;
            int space = text.IndexOf(' ', StringComparison.Ordinal);
            string verb = (space < 0 ? text : text[..space]).ToUpperInvariant();
            string argument = space < 0 ? string.Empty : text[(space + 1)..];

            if (_options.GreetingRejected && verb != "QUIT")
            {
                await ReplyAsync("503 5.5.1 Bad sequence of commands", cancellation);
                continue;
            }

            switch (verb)
            {
                case "EHLO":
                    if (!await EhloAsync(extended: true, cancellation))
                    {
                        return;
                    }

                    break;
                case "HELO":
                    await EhloAsync(extended: false, cancellation);
                    break;
                case "MAIL":
                    await MailAsync(argument, cancellation);
                    break;
                case "RCPT":
                    if (!await FaultableAsync(_options.Rcpt, () => RcptAsync(argument, cancellation), cancellation))
                    {
                        return;
                    }

                    break;
                case "RSET":
                    _mailGiven = false;
                    if (!await FaultableAsync(_options.Rset, () => ReplyAsync("250 2.0.0 Resetting", cancellation), cancellation))
                    {
                        return;
                    }

                    break;
                case "NOOP":
                    await ReplyAsync("250 2.0.0 OK", cancellation);
                    break;
                case "DATA":
                case "BDAT":
                    await ReplyAsync("554 5.5.1 This test server accepts no message content", cancellation);
                    break;
                case "STARTTLS":
                    switch (await StartTlsAsync(cancellation))
                    {
                        case TlsResult.Over:
                            return;
                        case TlsResult.Secure:
                            reader = new SmtpLineReader(_stream);
                            break;
                    }

                    break;
                case "QUIT":
                    await ReplyAsync(_options.QuitReply, cancellation);
                    if (_options.KeepOpenAfterQuit)
                    {
                        await Wire.DrainAsync(_stream, cancellation);
                    }
                    else
                    {
                        await Wire.CloseAsync(_client, cancellation);
                    }

                    return;
                default:
                    await ReplyAsync("500 5.5.2 Syntax error", cancellation);
                    break;
            }
        }
    }

    private enum TlsResult
    {
        Plain,
        Secure,
        Over,
    }

    private async Task ReplyAsync(string line, CancellationToken cancellation)
    {
        if (_options.ReplyDelay > TimeSpan.Zero)
        {
            await Task.Delay(_options.ReplyDelay, cancellation);
        }

        await Wire.ReplyAsync(_stream, line, cancellation, _options.LineEnd);
    }

    // False when the fault ended the session.
    private async Task<bool> FaultableAsync(ReplyFault fault, Func<Task> normal, CancellationToken cancellation)
    {
        switch (fault)
        {
            case ReplyFault.Close:
                await Wire.CloseAsync(_client, cancellation);
                return false;
            case ReplyFault.Garbage:
                byte[] garbage = new byte[48];
                new Random(35).NextBytes(garbage);
                for (int i = 0; i < garbage.Length; i++)
                {
                    garbage[i] = garbage[i] is (byte)'\r' or (byte)'\n' ? (byte)0x01 : garbage[i];
                }

                await _stream.WriteAsync(garbage, cancellation);
                await _stream.WriteAsync("\r\n"u8.ToArray(), cancellation);
                await Wire.DrainAsync(_stream, cancellation);
                return false;
            case ReplyFault.Silent:
                await Wire.DrainAsync(_stream, cancellation);
                return false;
            default:
                await normal();
                return true;
        }
    }

    // False when the session is over.
    private async Task<bool> EhloAsync(bool extended, CancellationToken cancellation)
    {
        _mailGiven = false;
        if (_options.EhloFails)
        {
            await ReplyAsync("451 4.3.0 Temporary server error", cancellation);
            return true;
        }

        if (_options.EhloRaw is not null && extended)
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(_options.EhloRaw), cancellation);
            if (_options.CloseAfterEhlo)
            {
                await Wire.CloseAsync(_client, cancellation);
                return false;
            }

            return true;
        }

        string greeting = $"{_options.HostName} Hello [{_peer}]";
        if (!extended)
        {
            await ReplyAsync("250 " + greeting, cancellation);
            return true;
        }

        string startTls = _options.StartTls == StartTlsMode.NotOffered || _secure ? string.Empty : "250-STARTTLS\r\n";
        await ReplyAsync($"250-{greeting}\r\n250-SIZE 1000\r\n{startTls}250 8BITMIME", cancellation);
        return true;
    }

    private async Task MailAsync(string argument, CancellationToken cancellation)
    {
        if (!argument.StartsWith("FROM:", StringComparison.OrdinalIgnoreCase))
        {
            await ReplyAsync("501 5.5.4 Syntax error in parameters", cancellation);
        }
        else if (_options.MailRejected)
        {
            await ReplyAsync("550 5.7.1 Sender refused by policy", cancellation);
        }
        else if (_mailGiven)
        {
            await ReplyAsync("503 5.5.1 Sender already specified", cancellation);
        }
        else
        {
            _mailGiven = true;
            await ReplyAsync("250 2.1.0 Sender OK", cancellation);
        }
    }

    private async Task RcptAsync(string argument, CancellationToken cancellation)
    {
        if (!argument.StartsWith("TO:", StringComparison.OrdinalIgnoreCase))
        {
            await ReplyAsync("501 5.5.4 Syntax error in parameters", cancellation);
        }
        else if (!_mailGiven)
        {
            await ReplyAsync("503 5.5.1 Need MAIL before RCPT", cancellation);
        }
        else
        {
            await ReplyAsync(_options.RcptReply, cancellation);
        }
    }

    private async Task<TlsResult> StartTlsAsync(CancellationToken cancellation)
    {
        if (_secure)
        {
            await ReplyAsync("503 5.5.1 TLS already active", cancellation);
            return TlsResult.Plain;
        }

        switch (_options.StartTls)
        {
            case StartTlsMode.Refused:
                await ReplyAsync("454 4.7.0 TLS not available due to local problem", cancellation);
                return TlsResult.Plain;
            case StartTlsMode.Broken:
                await ReplyAsync("220 2.0.0 Ready to start TLS", cancellation);
                await BreakHandshakeAsync(cancellation);
                return TlsResult.Over;
            case StartTlsMode.Stall:
                await ReplyAsync("220 2.0.0 Ready to start TLS", cancellation);
                await Wire.DrainAsync(_stream, cancellation);
                return TlsResult.Over;
            case StartTlsMode.Inject:
                await ReplyAsync("220 2.0.0 Ready to start TLS\r\n250 2.0.0 injected before the handshake", cancellation);
                await Wire.DrainAsync(_stream, cancellation);
                return TlsResult.Over;
            case StartTlsMode.Accepted:
                await ReplyAsync("220 2.0.0 Ready to start TLS", cancellation);
                var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
                using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
                {
                    handshake.CancelAfter(TimeSpan.FromSeconds(30));
                    try
                    {
                        await ssl.AuthenticateAsServerAsync(
                            new SslServerAuthenticationOptions
                            {
                                ServerCertificate = _options.Certificate,
                                ClientCertificateRequired = false,
                                EnabledSslProtocols = SslProtocols.None,
                            },
                            handshake.Token);
                    }
                    catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
                    {
                        // The client gave up on the certificate: its choice, and the session is over.
                        await ssl.DisposeAsync();
                        return TlsResult.Over;
                    }
                }

                _stream = ssl;
                _secure = true;
                _mailGiven = false;
                return TlsResult.Secure;
            default:
                await ReplyAsync("500 5.5.2 Syntax error", cancellation);
                return TlsResult.Plain;
        }
    }

    // Waits briefly for the ClientHello (so closing does not turn into a reset that could hide
    // the garbage), answers it with 64 bytes that are no TLS record, and closes.
    private async Task BreakHandshakeAsync(CancellationToken cancellation)
    {
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
        {
            wait.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                _ = await _stream.ReadAsync(new byte[16384], wait.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // No ClientHello within 5 s: send the garbage anyway.
            }
        }

        byte[] garbage = new byte[64];
        new Random(35).NextBytes(garbage);
        garbage[0] = 0x00; // not a TLS content type, so no client can mistake it for a record
        await _stream.WriteAsync(garbage, cancellation);
        await Wire.CloseAsync(_client, cancellation);
    }
}
