namespace ATTR35.Smtp;

/// <summary>How an SMTP probe ended.</summary>
internal enum SmtpProbeStatus
{
    /// <summary>
    /// Every step ran and every reply is recorded; refusals that are answers (STARTTLS, MAIL FROM
    /// or RCPT TO refused) are in the outcome's flags and the probe's replies.
    /// </summary>
    Completed,

    /// <summary>No TCP connection: refused, unreachable or timed out.</summary>
    ConnectFailed,

    /// <summary>
    /// The server broke SMTP: no banner or reply in time, a 4xx/5xx greeting, EHLO refused, garbage,
    /// an overlong line or reply, the connection closed early, or data sent unasked.
    /// </summary>
    ProtocolError,

    /// <summary>The server accepted STARTTLS but the TLS handshake failed or timed out.</summary>
    TlsFailed,
}
