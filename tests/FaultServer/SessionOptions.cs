using System;
using System.Security.Cryptography.X509Certificates;

namespace ATTR35.FaultServer;

/// <summary>How an SMTP session of one scenario behaves after its banner.</summary>
internal sealed record SessionOptions(string HostName)
{
    /// <summary>Whether STARTTLS is advertised and what answering it does.</summary>
    public StartTlsMode StartTls { get; init; } = StartTlsMode.NotOffered;

    /// <summary>The server certificate for <see cref="StartTlsMode.Accepted"/>.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>EHLO and HELO are answered with 451 4.3.0.</summary>
    public bool EhloFails { get; init; }

    /// <summary>Sent as the whole EHLO reply instead of the normal one (lines joined by CR LF, no final line end added).</summary>
    public string? EhloRaw { get; init; }

    /// <summary>After <see cref="EhloRaw"/> the connection is closed.</summary>
    public bool CloseAfterEhlo { get; init; }

    /// <summary>The greeting was a 554: every command but QUIT gets 503.</summary>
    public bool GreetingRejected { get; init; }

    /// <summary>MAIL FROM is refused with 550 5.7.1.</summary>
    public bool MailRejected { get; init; }

    /// <summary>What RCPT TO gets.</summary>
    public ReplyFault Rcpt { get; init; }

    /// <summary>The reply to an accepted RCPT TO.</summary>
    public string RcptReply { get; init; } = "250 2.1.5 Recipient OK";

    /// <summary>What RSET gets.</summary>
    public ReplyFault Rset { get; init; }

    /// <summary>After the QUIT reply the connection stays open until the client closes it.</summary>
    public bool KeepOpenAfterQuit { get; init; }

    /// <summary>The reply to QUIT.</summary>
    public string QuitReply { get; init; } = "221 2.0.0 Service closing transmission channel";

    /// <summary>Every reply waits this long first.</summary>
    public TimeSpan ReplyDelay { get; init; }

    /// <summary>The line end of replies: CR LF, or a bare LF for the tolerant-client scenario.</summary>
    public string LineEnd { get; init; } = "\r\n";
}
