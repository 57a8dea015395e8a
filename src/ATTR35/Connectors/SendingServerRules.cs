using System;
using System.Collections.Generic;
using System.Linq;
using static ATTR35.Microsoft365.FindingCodes;

namespace ATTR35.Connectors;

/// <summary>
/// Decides what the certificate fetch from -SendingServer says about the sender itself, before any
/// connector is compared: a fetch that failed (Error: the check is incomplete) and a certificate
/// whose chain this machine does not trust (Warning: only the live handshake shows it).
/// </summary>
internal static class SendingServerRules
{
    /// <summary>The findings about the sending server; empty when its certificate was fetched and trusted.</summary>
    public static IReadOnlyList<Finding> Evaluate(SendingServerEvidence evidence)
    {
        var server = evidence.Server;
        if (evidence.Certificate is null)
        {
            return new[]
            {
                new Finding(ConnectorSendingServerFailed, Severity.Error, server,
                    $"The certificate of the sending server {server} could not be fetched: {evidence.Failure}.",
                    $"Check that {server} accepts SMTP connections from here and offers STARTTLS, raise -TimeoutSeconds if it is slow, or save its certificate and give it with -CertificatePath."),
            };
        }

        // Its dates are judged with the other certificates (ConnectorCertificateExpiring); what
        // only the live handshake shows is whether the chain is trusted, and that must not pass in
        // silence. An expired certificate fails the chain too, but for its dates alone.
        var seen = evidence.Seen;
        var untrusted = (seen?.ChainStatus ?? Array.Empty<string>()).Where(s => s is not "NotTimeValid" and not "NotTimeNested").ToList();
        if (seen is null || seen.ChainValid || (untrusted.Count == 0 && seen.ChainStatus.Length > 0))
        {
            return Array.Empty<Finding>();
        }

        var why = untrusted.Count > 0 ? string.Join(", ", untrusted) : "the platform rejected its chain";
        return new[]
        {
            new Finding(ConnectorCertificateUntrusted, Severity.Warning, server,
                $"The certificate {evidence.Certificate.DisplayName} that {server} presents does not validate on this machine ({why}): a self-signed or privately issued certificate can fail the TLS handshake with Exchange Online, and then no connector is matched by it.",
                $"Bind a certificate from a public certification authority, whose names include the connector's TlsSenderCertificateName, to the SMTP service of {server}."),
        };
    }
}
