using System;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>A server script that answers like an EOP front end, with knobs for the faults tests need.</summary>
public sealed class EopLikeScript
{
    public const string EopBanner = "220 BN8NAM11FT066.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready at Fri, 27 Nov 2026 15:00:00 +0000 [08DE2C5A1B2C3D4E]\r\n";
    public const string Attr35Text = "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more information go to https://go.microsoft.com/fwlink/p/?linkid=865268 [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]";

    public string Banner { get; init; } = EopBanner;

    public bool HelloWithAddress { get; init; } = true;

    public string? EhloReply { get; init; }

    public X509Certificate2? Certificate { get; init; }

    public bool AskForClientCertificate { get; init; }

    public string StartTlsReply { get; init; } = "220 2.0.0 SMTP server ready\r\n";

    public string MailReply { get; init; } = "250 2.1.0 Sender OK\r\n";

    public string RcptReply { get; init; } = Attr35Text + "\r\n";

    public bool CloseAfterRcpt { get; init; }

    public QuitBehaviour Quit { get; init; } = QuitBehaviour.ReplyAndClose;

    public static implicit operator Func<SmtpConnection, Task>(EopLikeScript script) => script.RunAsync;

    public async Task RunAsync(SmtpConnection c)
    {
        await c.SendAsync(Banner);
        while (await c.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', ':')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    if (EhloReply is not null)
                    {
                        await c.SendAsync(EhloReply);
                        break;
                    }

                    var hello = HelloWithAddress ? $" Hello [{c.ClientEndpoint.Address}]" : string.Empty;
                    var tls = Certificate is not null && !c.IsTls ? "250-STARTTLS\r\n" : string.Empty;
                    await c.SendAsync($"250-BN8NAM11FT066.mail.protection.outlook.com{hello}\r\n250-SIZE 157286400\r\n250-PIPELINING\r\n{tls}250-8BITMIME\r\n250 SMTPUTF8\r\n");
                    break;
                case "STARTTLS":
                    await c.SendAsync(StartTlsReply);
                    if (StartTlsReply.StartsWith("220", StringComparison.Ordinal) && Certificate is not null)
                    {
                        await c.StartTlsAsync(Certificate, AskForClientCertificate);
                    }

                    break;
                case "MAIL":
                    await c.SendAsync(MailReply);
                    break;
                case "RCPT":
                    await c.SendAsync(RcptReply);
                    if (CloseAfterRcpt)
                    {
                        return;
                    }

                    break;
                case "RSET":
                    await c.SendAsync("250 2.0.0 Resetting\r\n");
                    break;
                case "QUIT":
                    if (Quit != QuitBehaviour.SilentAndStayOpen)
                    {
                        await c.SendAsync("221 2.0.0 Service closing transmission channel\r\n");
                    }

                    if (Quit == QuitBehaviour.ReplyAndClose)
                    {
                        return;
                    }

                    c.KeepOpenAfterScript = true;
                    await c.HoldOpenAsync();
                    return;
                case "DATA":
                case "BDAT":
                    await c.SendAsync("554 5.5.1 This test server never accepts a message\r\n");
                    break;
                default:
                    await c.SendAsync("500 5.3.3 Unrecognized command\r\n");
                    break;
            }
        }
    }
}
