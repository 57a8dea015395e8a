using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using ATTR35.Base;

namespace ATTR35.Smtp;

/// <summary>
/// One diagnostic SMTP conversation: connect, banner, EHLO, STARTTLS and the certificate, EHLO
/// again, optionally MAIL FROM and RCPT TO followed by RSET, then QUIT. Never DATA or BDAT: no
/// message is ever sent. Every wait is bounded by the request's timeout, so a probe ends within
/// about (number of steps) x timeout whatever the server does, and a silent server ends it after
/// the connect and banner timeouts.
/// </summary>
internal sealed class SmtpProbeSession
{
    // EOP: "BN8NAM11FT066.mail.protection.outlook.com Hello [203.0.113.5]"; sendmail puts a name
    // between "Hello" and the bracket.
    private static readonly Regex s_hello = new(@"\bHello\b[^\[]*\[(?:IPv6:)?(?<address>[0-9A-Fa-f:.]+)\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Encoding s_ascii = Encoding.ASCII;

    private readonly SmtpProbeRequest _request;
    private readonly CancellationToken _cancel;
    private readonly string _serverName;
    private readonly string? _heloName;
    private readonly string? _sender;
    private readonly string? _recipient;
    private readonly string _label;
    private readonly List<string> _transcript = new();
    private readonly SmtpProbe _probe;
    private readonly SmtpProbeOutcome _outcome;
    private readonly object _connectionLock = new();
    private Socket? _socket;
    private Stream? _stream;
    private SmtpReplyReader? _reader;
    private volatile bool _closed;

    private SmtpProbeSession(SmtpProbeRequest request, string serverName, string? heloName, string? sender, string? recipient, CancellationToken cancellationToken)
    {
        _request = request;
        _serverName = serverName;
        _heloName = heloName;
        _sender = sender;
        _recipient = recipient;
        _cancel = cancellationToken;
        _label = FormatEndpoint(request.Endpoint);
        _probe = new SmtpProbe { Address = _label };
        _outcome = new SmtpProbeOutcome(_probe);
    }

    /// <summary>
    /// Runs one probe. Failures of the server or the network are reported in the outcome, never
    /// thrown.
    /// </summary>
    /// <exception cref="ArgumentException">The request is invalid (for example a recipient with a line break); thrown before any connection is made.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the connection has been closed.</exception>
    public static async Task<SmtpProbeOutcome> RunAsync(SmtpProbeRequest request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var session = Validate(request, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await session.RunCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            session.Abort();
        }
    }

    // Everything the user supplied is checked here, before the socket exists.
    private static SmtpProbeSession Validate(SmtpProbeRequest request, CancellationToken cancellationToken)
    {
        if (request.Endpoint.Port is < 1 or > 65535)
        {
            throw new ArgumentException($"The port {request.Endpoint.Port} is outside 1 to 65535.", nameof(request));
        }

        if (request.Timeout <= TimeSpan.Zero || request.Timeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Timeout, "The timeout must be more than zero and at most one hour.");
        }

        var serverName = request.ServerName.Trim();
        if (serverName.Length == 0 || serverName.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException($"The server name '{SafeText.Quote(request.ServerName)}' is empty or contains white space or control characters.", nameof(request));
        }

        if (IpLiteral.TryParse(serverName, out var serverAddress))
        {
            serverName = serverAddress!.ToString();
        }
        else if (DomainNameValidator.TryNormalize(serverName, out var ascii, out _))
        {
            serverName = ascii;
        }

        string? heloName = null;
        if (request.HeloName is not null && !SmtpSyntax.TryNormalizeHeloName(request.HeloName, out heloName, out var heloError))
        {
            throw new ArgumentException($"The HELO name '{SafeText.Quote(request.HeloName)}' is not usable: {heloError}.", nameof(request));
        }

        string? sender = null;
        if (request.Sender is not null && !SmtpSyntax.TryNormalizeMailbox(request.Sender, allowNullSender: true, out sender, out var senderError))
        {
            throw new ArgumentException($"The sender '{SafeText.Quote(request.Sender)}' is not usable: {senderError}.", nameof(request));
        }

        string? recipient = null;
        if (request.Recipient is not null && !SmtpSyntax.TryNormalizeMailbox(request.Recipient, allowNullSender: false, out recipient, out var recipientError))
        {
            throw new ArgumentException($"The recipient '{SafeText.Quote(request.Recipient)}' is not usable: {recipientError}.", nameof(request));
        }

        // A recipient needs a transaction; without a sender it is the null sender.
        if (recipient is not null && sender is null)
        {
            sender = string.Empty;
        }

        return new SmtpProbeSession(request, serverName, heloName, sender, recipient, cancellationToken);
    }

    private async Task<SmtpProbeOutcome> RunCoreAsync()
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await ConnectAsync().ConfigureAwait(false);
            await GreetAsync().ConfigureAwait(false);
            await TransactionAsync().ConfigureAwait(false);
            await QuitAsync().ConfigureAwait(false);
            _outcome.Status = SmtpProbeStatus.Completed;
            _outcome.Detail = Summary();
        }
        catch (StepFailedException failure)
        {
            _outcome.Status = failure.Status;
            _outcome.FailedStep = failure.Step;
            _outcome.Detail = failure.Message;
            _outcome.TimedOut = failure.TimedOut;
            Note(failure.Message);
            if (failure.CanQuit)
            {
                await QuitAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            Abort();
            _probe.Elapsed = watch.Elapsed;
            _probe.Transcript = _transcript.ToArray();
        }

        return _outcome;
    }

    private async Task ConnectAsync()
    {
        var endpoint = _request.Endpoint;
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        lock (_connectionLock)
        {
            _socket = socket;
        }

        Note($"connecting to {_label}");
        try
        {
            await Bounded.RunAsync(_ => socket.ConnectAsync(endpoint), _request.Timeout, Abort, _cancel).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new StepFailedException(SmtpProbeStatus.ConnectFailed, SmtpProbeStep.Connect,
                $"no TCP connection to {_label} within {Seconds(_request.Timeout)}: nothing answers there, or a firewall drops the connection", timedOut: true);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            throw new StepFailedException(SmtpProbeStatus.ConnectFailed, SmtpProbeStep.Connect,
                $"connection refused by {_label}: nothing listens on port {endpoint.Port} there, or a firewall rejects the connection");
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            var code = ex is SocketException se ? $" ({se.SocketErrorCode})" : string.Empty;
            throw new StepFailedException(SmtpProbeStatus.ConnectFailed, SmtpProbeStep.Connect, $"could not connect to {_label}: {ex.Message}{code}");
        }

        var stream = new NetworkStream(socket, ownsSocket: true);
        lock (_connectionLock)
        {
            _stream = stream;
        }

        _reader = new SmtpReplyReader(stream, Abort);
        Note($"connected from {socket.LocalEndPoint}");
    }

    private async Task GreetAsync()
    {
        var banner = await ReadBannerAsync().ConfigureAwait(false);
        _probe.Banner = banner.ToString();
        _probe.BannerCode = banner.Code;
        _probe.BannerHost = FirstWord(banner.TextLines[0]);
        if (banner.Code != 220)
        {
            // RFC 5321 3.1: after a 554 greeting the server waits for QUIT, so ask politely.
            throw new StepFailedException(SmtpProbeStatus.ProtocolError, SmtpProbeStep.Banner,
                $"{_label} greeted with {banner.Code} instead of 220 (ready): '{Quote(banner)}'", canQuit: true);
        }

        var helo = _heloName ?? LocalAddressLiteral();
        var ehlo = await CommandAsync(SmtpProbeStep.Ehlo, "EHLO " + helo).ConfigureAwait(false);
        RequireEhlo(ehlo, SmtpProbeStep.Ehlo, helo);
        RecordEhlo(ehlo);
        if (!_probe.StartTlsOffered)
        {
            Note("STARTTLS is not offered");
            return;
        }

        if (!_request.TryStartTls)
        {
            Note("STARTTLS is offered; not used as requested");
            return;
        }

        var reply = await CommandAsync(SmtpProbeStep.StartTls, "STARTTLS").ConfigureAwait(false);
        if (reply.IsNegative)
        {
            _outcome.StartTlsRefused = true;
            Note($"STARTTLS refused ({reply.Code}); going on without TLS");
            return;
        }

        if (reply.Code != 220)
        {
            throw new StepFailedException(SmtpProbeStatus.ProtocolError, SmtpProbeStep.StartTls,
                $"{_label} answered STARTTLS with {reply.Code} instead of 220 (ready to start TLS): '{Quote(reply)}'");
        }

        if (_reader!.BufferedByteCount > 0)
        {
            // RFC 3207 5: plain text after "220" and before the handshake is an injection attempt
            // or a broken server; either way nothing from it may be trusted as a reply.
            throw new StepFailedException(SmtpProbeStatus.ProtocolError, SmtpProbeStep.StartTls,
                $"{_label} sent data after its 220 reply to STARTTLS, before the TLS handshake: '{_reader.DescribeBuffered()}'");
        }

        await HandshakeAsync().ConfigureAwait(false);
        var secureEhlo = await CommandAsync(SmtpProbeStep.EhloAfterTls, "EHLO " + helo).ConfigureAwait(false);
        RequireEhlo(secureEhlo, SmtpProbeStep.EhloAfterTls, helo);
        RecordEhlo(secureEhlo);
    }

    private async Task TransactionAsync()
    {
        if (_sender is null)
        {
            return;
        }

        var mail = await CommandAsync(SmtpProbeStep.MailFrom, $"MAIL FROM:<{_sender}>").ConfigureAwait(false);
        _probe.SenderReply = mail.ToString();
        _probe.SenderReplyCode = mail.Code;
        if (mail.IsNegative)
        {
            _outcome.SenderRejected = true;
            Note($"MAIL FROM refused ({mail.Code}); RCPT TO not sent");
            return;
        }

        if (!mail.IsPositive)
        {
            throw new StepFailedException(SmtpProbeStatus.ProtocolError, SmtpProbeStep.MailFrom,
                $"{_label} answered MAIL FROM with {mail.Code}, which is not a reply MAIL FROM can have: '{Quote(mail)}'", canQuit: true);
        }

        if (_recipient is not null)
        {
            var rcpt = await CommandAsync(SmtpProbeStep.RcptTo, $"RCPT TO:<{_recipient}>").ConfigureAwait(false);
            _probe.RecipientReply = rcpt.ToString();
            _probe.RecipientReplyCode = rcpt.Code;
        }

        // Ends the transaction: the probe never sends DATA or BDAT. Like QUIT, RSET is a courtesy:
        // what the probe came for is recorded, so a server that drops the connection or answers
        // nonsense here changes nothing but the closing.
        try
        {
            await CommandAsync(SmtpProbeStep.Rset, "RSET").ConfigureAwait(false);
        }
        catch (StepFailedException ex)
        {
            Note($"RSET: {ex.Message}; closing");
            Abort();
        }
    }

    private async Task HandshakeAsync()
    {
        var inner = _stream!;
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false, ValidateServerCertificate, SelectClientCertificate);
        lock (_connectionLock)
        {
            _stream = ssl;
        }

        var clientCertificates = new X509CertificateCollection();
        if (_request.ClientCertificate is not null)
        {
            clientCertificates.Add(_request.ClientCertificate);
        }

        Note($"TLS handshake, server name {_serverName}");
        try
        {
            // None lets the operating system pick the best protocol it supports (TLS 1.2 or 1.3).
            // Revocation is not checked: it would mean network access outside the probe's bounds.
            await Bounded.RunAsync(
                _ => ssl.AuthenticateAsClientAsync(_serverName, clientCertificates, SslProtocols.None, checkCertificateRevocation: false),
                _request.Timeout,
                Abort,
                _cancel).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new StepFailedException(SmtpProbeStatus.TlsFailed, SmtpProbeStep.TlsHandshake,
                $"no TLS handshake with {_label} within {Seconds(_request.Timeout)}", timedOut: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // AuthenticationException, IOException, Win32Exception, CryptographicException...: the
            // types differ by platform, and every one of them means the same to an admin.
            throw new StepFailedException(SmtpProbeStatus.TlsFailed, SmtpProbeStep.TlsHandshake,
                $"the TLS handshake with {_label} (server name {_serverName}) failed: {Describe(ex)}");
        }

        _reader = new SmtpReplyReader(ssl, Abort);
        _probe.StartTls = true;
        _probe.TlsProtocol = ssl.SslProtocol.ToString();
        _probe.ClientCertificateSent = ssl.LocalCertificate is not null;
        Note($"TLS established: {_probe.TlsProtocol}, server certificate '{_probe.Certificate?.Subject}'"
            + (_request.ClientCertificate is null ? string.Empty : _probe.ClientCertificateSent ? ", client certificate presented" : ", client certificate not asked for"));
    }

    // We diagnose, we do not refuse: every certificate is accepted and what is wrong with it recorded.
    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not null)
        {
            try
            {
                _probe.Certificate = CertificateInspector.Describe(certificate, chain, errors, _serverName);
                _outcome.ServerCertificateData = certificate.GetRawCertData();
            }
            catch (CryptographicException)
            {
                // An unreadable certificate leaves Certificate empty; the handshake decides the rest.
            }
        }

        return true;
    }

    private X509Certificate? SelectClientCertificate(object sender, string targetHost, X509CertificateCollection localCertificates, X509Certificate? remoteCertificate, string[]? acceptableIssuers) =>
        _request.ClientCertificate;

    private async Task<SmtpReply> ReadBannerAsync()
    {
        try
        {
            var banner = await Bounded.RunAsync(_reader!.ReadReplyCoreAsync, _request.Timeout, Abort, _cancel).ConfigureAwait(false);
            Received(banner.Lines);
            return banner;
        }
        catch (TimeoutException)
        {
            var hint = _request.Endpoint.Port == 465
                ? " (port 465 expects implicit TLS, and such a server waits silently for the client; SMTP relay uses port 25)"
                : string.Empty;
            throw new StepFailedException(SmtpProbeStatus.ProtocolError, SmtpProbeStep.Banner,
                $"no banner from {_label} within {Seconds(_request.Timeout)}{hint}", timedOut: true);
        }
        catch (SmtpReplyException ex)
        {
            throw ReplyFailure(ex, SmtpProbeStep.Banner, "the banner");
        }
    }

    // Sends one command and reads its reply, both within one timeout.
    private async Task<SmtpReply> CommandAsync(SmtpProbeStep step, string command)
    {
        SmtpSyntax.EnsureSafeCommand(command);
        var reader = _reader!;
        var verb = Verb(command);
        if (reader.BufferedByteCount > 0)
        {
            // Anything already waiting would be read as the reply to this command.
            throw new StepFailedException(SmtpProbeStatus.ProtocolError, step,
                $"{_label} sent data nobody asked for before {verb}: '{reader.DescribeBuffered()}'");
        }

        Sent(command);
        try
        {
            var reply = await Bounded.RunAsync(
                async token =>
                {
                    await WriteAsync(command, token).ConfigureAwait(false);
                    return await reader.ReadReplyCoreAsync(token).ConfigureAwait(false);
                },
                _request.Timeout,
                Abort,
                _cancel).ConfigureAwait(false);
            Received(reply.Lines);
            return reply;
        }
        catch (TimeoutException)
        {
            throw new StepFailedException(SmtpProbeStatus.ProtocolError, step,
                $"no reply to {verb} from {_label} within {Seconds(_request.Timeout)}", timedOut: true);
        }
        catch (SmtpReplyException ex)
        {
            throw ReplyFailure(ex, step, $"the reply to {verb}");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            throw new StepFailedException(SmtpProbeStatus.ProtocolError, step,
                $"the connection to {_label} broke while sending {verb}: {ex.Message}");
        }
    }

    // QUIT is a courtesy: whatever the server does (no reply, no 221, keeps the connection open),
    // the connection is closed after at most one timeout and the outcome does not change.
    private async Task QuitAsync()
    {
        var reader = _reader;
        if (reader is null || _closed)
        {
            return;
        }

        Sent("QUIT");
        try
        {
            var reply = await Bounded.RunAsync(
                async token =>
                {
                    await WriteAsync("QUIT", token).ConfigureAwait(false);
                    return await reader.ReadReplyCoreAsync(token).ConfigureAwait(false);
                },
                _request.Timeout,
                Abort,
                _cancel).ConfigureAwait(false);
            Received(reply.Lines);
        }
        catch (TimeoutException)
        {
            Note($"no reply to QUIT within {Seconds(_request.Timeout)}; closing");
        }
        catch (SmtpReplyException ex)
        {
            Received(ex.LinesReceived);
            Note($"QUIT: {ex.Message}; closing");
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Note($"QUIT: {ex.Message}; closing");
        }
    }

    private async Task WriteAsync(string command, CancellationToken cancellationToken)
    {
        SmtpSyntax.EnsureSafeCommand(command);
        var bytes = s_ascii.GetBytes(command + "\r\n");
        await _stream!.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private StepFailedException ReplyFailure(SmtpReplyException ex, SmtpProbeStep step, string context)
    {
        Received(ex.LinesReceived);
        if (ex.OffendingLine is not null)
        {
            Received(new[] { ex.OffendingLine });
        }

        return new StepFailedException(SmtpProbeStatus.ProtocolError, step, $"while waiting for {context} from {_label}, {ex.Message}");
    }

    private void RequireEhlo(SmtpReply reply, SmtpProbeStep step, string helo)
    {
        // No fallback to HELO: a server that refuses EHLO cannot do STARTTLS either, and saying so
        // is more useful than a half-probe.
        if (reply.Code != 250)
        {
            throw new StepFailedException(SmtpProbeStatus.ProtocolError, step,
                $"{_label} answered EHLO {helo} with {reply.Code} instead of 250: '{Quote(reply)}'", canQuit: reply.IsNegative);
        }
    }

    private void RecordEhlo(SmtpReply reply)
    {
        var first = reply.TextLines[0];
        _probe.EhloHost = FirstWord(first) ?? _probe.EhloHost;
        var hello = s_hello.Match(first);
        if (hello.Success && IPAddress.TryParse(hello.Groups["address"].Value, out var address))
        {
            _probe.ObservedClientAddress = address.ToString();
        }

        _probe.Extensions = reply.TextLines
            .Skip(1)
            .Select(line => FirstWord(line)?.ToUpperInvariant())
            .Where(keyword => keyword is not null)
            .Select(keyword => keyword!)
            .ToArray();

        // After TLS the server no longer offers STARTTLS; what counts is what it offered in plain text.
        if (!_probe.StartTls)
        {
            _probe.StartTlsOffered = _probe.Extensions.Contains("STARTTLS", StringComparer.Ordinal);
        }
    }

    private string Summary()
    {
        var parts = new List<string> { $"the conversation with {_label} completed" };
        if (_probe.StartTls)
        {
            parts.Add($"TLS {_probe.TlsProtocol}");
        }
        else if (_outcome.StartTlsRefused)
        {
            parts.Add("STARTTLS refused");
        }
        else if (!_probe.StartTlsOffered)
        {
            parts.Add("STARTTLS not offered");
        }

        if (_outcome.SenderRejected)
        {
            parts.Add($"MAIL FROM refused with {_probe.SenderReplyCode}");
        }

        if (_probe.RecipientReplyCode is not null)
        {
            parts.Add($"RCPT TO answered {_probe.RecipientReplyCode}");
        }

        return string.Join("; ", parts);
    }

    private string LocalAddressLiteral()
    {
        var local = (_socket?.LocalEndPoint as IPEndPoint)?.Address;
        if (local is null)
        {
            return "[127.0.0.1]";
        }

        if (local.IsIPv4MappedToIPv6)
        {
            local = local.MapToIPv4();
        }

        if (local.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // A zone index ("%3") has no place in an address literal.
            return "[IPv6:" + new IPAddress(local.GetAddressBytes()) + "]";
        }

        return "[" + local + "]";
    }

    private void Sent(string command) => Transcribe("C: " + command);

    private void Received(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            Transcribe("S: " + line);
        }
    }

    private void Transcribe(string line)
    {
        _transcript.Add(line);
        _request.Log?.Invoke($"SMTP {_label}: {line}");
    }

    private void Note(string text) => _request.Log?.Invoke($"SMTP {_label}: {text}");

    // Closes the connection. Called from timer threads when a step times out, hence the lock.
    private void Abort()
    {
        Stream? stream;
        Socket? socket;
        lock (_connectionLock)
        {
            _closed = true;
            stream = _stream;
            socket = _socket;
        }

        try
        {
            stream?.Dispose();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or AuthenticationException)
        {
            // Closing a broken connection may complain; it is closed all the same.
        }

        socket?.Dispose();
    }

    private static string Describe(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (!string.IsNullOrWhiteSpace(e.Message) && !messages.Contains(e.Message))
            {
                messages.Add(e.Message.TrimEnd('.'));
            }
        }

        return string.Join(": ", messages);
    }

    private static string Quote(SmtpReply reply) => SafeText.Quote(string.Join(" / ", reply.Lines));

    private static string? FirstWord(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        var space = trimmed.IndexOfAny(new[] { ' ', '\t' });
        return space < 0 ? trimmed : trimmed.Substring(0, space);
    }

    private static string Verb(string command)
    {
        var colon = command.IndexOf(':');
        var space = command.IndexOf(' ');
        if (command.StartsWith("MAIL FROM", StringComparison.Ordinal) || command.StartsWith("RCPT TO", StringComparison.Ordinal))
        {
            return command.Substring(0, colon);
        }

        return space < 0 ? command : command.Substring(0, space);
    }

    private static string Seconds(TimeSpan timeout) =>
        timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string FormatEndpoint(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{endpoint.Address}]:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    private sealed class StepFailedException : Exception
    {
        public StepFailedException(SmtpProbeStatus status, SmtpProbeStep step, string message, bool timedOut = false, bool canQuit = false)
            : base(message)
        {
            Status = status;
            Step = step;
            TimedOut = timedOut;
            CanQuit = canQuit;
        }

        public SmtpProbeStatus Status { get; }

        public SmtpProbeStep Step { get; }

        public bool TimedOut { get; }

        // True when the connection is still in step with the server, so QUIT can be sent.
        public bool CanQuit { get; }
    }
}
