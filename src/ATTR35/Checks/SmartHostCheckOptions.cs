using System.Security.Cryptography.X509Certificates;

namespace ATTR35.Checks;

/// <summary>What Test-SmartHost asks for, besides the smart host itself.</summary>
internal sealed class SmartHostCheckOptions : CheckOptions
{
    /// <summary>Connect and talk SMTP.</summary>
    public bool Probe { get; init; }

    /// <summary>The RCPT TO address for the live ATTR35 test; implies <see cref="Probe"/>.</summary>
    public string? Recipient { get; init; }

    /// <summary>MAIL FROM; "" is the null sender.</summary>
    public string Sender { get; init; } = string.Empty;

    /// <summary>The EHLO name; null sends the probe's own address literal.</summary>
    public string? HeloName { get; init; }

    /// <summary>Presented in the TLS handshake.</summary>
    public X509Certificate2? ClientCertificate { get; init; }
}
