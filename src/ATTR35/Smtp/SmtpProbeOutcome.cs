namespace ATTR35.Smtp;

/// <summary>How an SMTP probe ended, and what it saw up to then.</summary>
internal sealed class SmtpProbeOutcome
{
    internal SmtpProbeOutcome(SmtpProbe probe)
    {
        Probe = probe;
    }

    /// <summary>How the probe ended.</summary>
    public SmtpProbeStatus Status { get; internal set; }

    /// <summary>The step that failed; null when <see cref="Status"/> is <see cref="SmtpProbeStatus.Completed"/>.</summary>
    public SmtpProbeStep? FailedStep { get; internal set; }

    /// <summary>One sentence: what failed, at which step, with what the server sent; or a summary of a completed probe.</summary>
    public string Detail { get; internal set; } = string.Empty;

    /// <summary>True when the failure was a step not completing within the timeout.</summary>
    public bool TimedOut { get; internal set; }

    /// <summary>True when the server advertised STARTTLS.</summary>
    public bool StartTlsOffered => Probe.StartTlsOffered;

    /// <summary>True when the server answered STARTTLS with 4xx or 5xx; the probe went on without TLS.</summary>
    public bool StartTlsRefused { get; internal set; }

    /// <summary>True when the server answered MAIL FROM with 4xx or 5xx; RCPT TO was then not sent.</summary>
    public bool SenderRejected { get; internal set; }

    /// <summary>What was seen. Filled as far as the conversation got, also when it failed.</summary>
    public SmtpProbe Probe { get; }

    /// <summary>
    /// The DER bytes of the certificate the server presented, for callers that match on it
    /// (Test-InboundConnector -SendingServer). Kept off the <see cref="SmtpProbe"/> result so it
    /// never bloats output.
    /// </summary>
    public byte[]? ServerCertificateData { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Status}: {Detail}";
}
