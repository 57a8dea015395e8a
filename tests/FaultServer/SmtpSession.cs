using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>
/// The command loop after the banner: EHLO, HELO, MAIL, RCPT, RSET, NOOP, QUIT and STARTTLS as
/// <see cref="SessionOptions"/> say; DATA and BDAT are refused (nothing is ever accepted); any
/// other input gets 500 5.5.2.
/// </summary>
internal sealed class SmtpSession
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly IPAddress _peer;
    private readonly SessionOptions _options;
    private readonly LineRecorder _recorder;
    private bool _mailGiven;

    public SmtpSession(TcpClient client, IPAddress peer, SessionOptions options, LineRecorder recorder)
    {
        _client = client;
        _stream = client.GetStream();
        _peer = peer;
        _options = options;
        _recorder = recorder;
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

            if (_options.Record)
            {
                _recorder.Append(line);
            }

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
                    await EhloAsync(extended: true, cancellation);
                    break;
                case "HELO":
                    await EhloAsync(extended: false, cancellation);
                    break;
                case "MAIL":
                    await MailAsync(argument, cancellation);
                    break;
                case "RCPT":
                    await RcptAsync(argument, cancellation);
                    break;
                case "RSET":
                    _mailGiven = false;
                    await ReplyAsync("250 2.0.0 Resetting", cancellation);
                    break;
                case "NOOP":
                    await ReplyAsync("250 2.0.0 OK", cancellation);
                    break;
                case "DATA":
                case "BDAT":
                    await ReplyAsync("554 5.5.1 This test server accepts no message content", cancellation);
                    break;
                case "STARTTLS":
                    if (await StartTlsAsync(cancellation))
                    {
                        return;
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

    private Task ReplyAsync(string line, CancellationToken cancellation) =>
        Wire.ReplyAsync(_stream, line, cancellation);

    private async Task EhloAsync(bool extended, CancellationToken cancellation)
    {
        _mailGiven = false;
        if (_options.EhloFails)
        {
            await ReplyAsync("451 4.3.0 Temporary server error", cancellation);
            return;
        }

        string greeting = $"{_options.HostName} Hello [{_peer}]";
        if (!extended)
        {
            await ReplyAsync("250 " + greeting, cancellation);
            return;
        }

        string startTls = _options.StartTls == StartTlsMode.NotOffered ? string.Empty : "250-STARTTLS\r\n";
        await ReplyAsync($"250-{greeting}\r\n250-SIZE 1000\r\n{startTls}250 8BITMIME", cancellation);
    }

    private async Task MailAsync(string argument, CancellationToken cancellation)
    {
        if (!argument.StartsWith("FROM:", StringComparison.OrdinalIgnoreCase))
        {
            await ReplyAsync("501 5.5.4 Syntax error in parameters", cancellation);
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
            await ReplyAsync("250 2.1.5 Recipient OK", cancellation);
        }
    }

    // True when the session is over (the broken handshake closed the connection).
    private async Task<bool> StartTlsAsync(CancellationToken cancellation)
    {
        switch (_options.StartTls)
        {
            case StartTlsMode.Refused:
                await ReplyAsync("454 4.7.0 TLS not available due to local problem", cancellation);
                return false;
            case StartTlsMode.Broken:
                await ReplyAsync("220 2.0.0 Ready to start TLS", cancellation);
                await BreakHandshakeAsync(cancellation);
                return true;
            default:
                await ReplyAsync("500 5.5.2 Syntax error", cancellation);
                return false;
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
