namespace ATTR35.Connectors;

/// <summary>What fetching the certificate of -SendingServer gave: the certificate, or why there is none.</summary>
internal sealed class SendingServerEvidence
{
    /// <summary>The server as the user named it: host, or host:port when the port is not 25.</summary>
    public string Server { get; init; } = string.Empty;

    /// <summary>The certificate it presented; null when the fetch failed.</summary>
    public SenderCertificate? Certificate { get; init; }

    /// <summary>What the client made of that certificate in the live handshake (chain, names).</summary>
    public CertificateInfo? Seen { get; init; }

    /// <summary>Why no certificate was fetched, as a clause; null when one was.</summary>
    public string? Failure { get; init; }
}
