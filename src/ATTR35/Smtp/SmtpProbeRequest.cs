using System;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace ATTR35.Smtp;

/// <summary>What one SMTP probe should do. <see cref="SmtpProbeSession.RunAsync"/> validates it before connecting.</summary>
internal sealed class SmtpProbeRequest
{
    /// <summary>Creates a request for one server address.</summary>
    /// <param name="endpoint">The address and port to connect to.</param>
    /// <param name="serverName">The name the server's certificate should carry, sent as the TLS SNI name (the smart host or MX target; its address for an IP literal).</param>
    public SmtpProbeRequest(IPEndPoint endpoint, string serverName)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        ServerName = serverName ?? throw new ArgumentNullException(nameof(serverName));
    }

    /// <summary>The address and port to connect to.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The name the certificate is checked against and the TLS SNI name.</summary>
    public string ServerName { get; }

    /// <summary>
    /// The EHLO name: a fully qualified domain name or an address literal. Null: the address
    /// literal of the local end of the connection (<c>[192.0.2.5]</c>), which RFC 5321 allows for a
    /// client without a meaningful name and which needs no lookup.
    /// </summary>
    public string? HeloName { get; set; }

    /// <summary>The bound on each step: connect, each reply, the TLS handshake. Default 5 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether to use STARTTLS when the server offers it. Default true.</summary>
    public bool TryStartTls { get; set; } = true;

    /// <summary>A certificate to present when the server asks for one (certificate-based connector attribution). Needs its private key.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>
    /// The MAIL FROM address. Null: no MAIL FROM unless <see cref="Recipient"/> is set, which
    /// then uses the null sender. Empty: the null sender <c>MAIL FROM:&lt;&gt;</c>.
    /// </summary>
    public string? Sender { get; set; }

    /// <summary>When set: MAIL FROM, RCPT TO with this address, the reply recorded, then RSET and QUIT. Never DATA.</summary>
    public string? Recipient { get; set; }

    /// <summary>Called with each line sent and received and each step taken (for -Verbose), from whichever thread runs the probe.</summary>
    public Action<string>? Log { get; set; }
}
