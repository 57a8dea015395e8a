namespace ATTR35.Smtp;

/// <summary>The steps of an SMTP probe, in order.</summary>
internal enum SmtpProbeStep
{
    /// <summary>The TCP connection.</summary>
    Connect,

    /// <summary>The server's greeting.</summary>
    Banner,

    /// <summary>EHLO before TLS.</summary>
    Ehlo,

    /// <summary>The STARTTLS command.</summary>
    StartTls,

    /// <summary>The TLS handshake after STARTTLS.</summary>
    TlsHandshake,

    /// <summary>EHLO again inside TLS.</summary>
    EhloAfterTls,

    /// <summary>MAIL FROM.</summary>
    MailFrom,

    /// <summary>RCPT TO.</summary>
    RcptTo,

    /// <summary>RSET, ending the transaction without DATA.</summary>
    Rset,

    /// <summary>QUIT.</summary>
    Quit,
}
