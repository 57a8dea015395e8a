using System;

namespace ATTR35;

/// <summary>What one SMTP conversation with a server showed. Properties stay null for steps that did not happen.</summary>
public sealed class SmtpProbe
{
    /// <summary>The address and port connected to: <c>192.0.2.1:25</c>, <c>[2001:db8::1]:25</c>.</summary>
    public string Address { get; internal set; } = string.Empty;

    /// <summary>The greeting as received, code included (lines separated by a line feed).</summary>
    public string? Banner { get; internal set; }

    /// <summary>The greeting's reply code (220 when the server is ready).</summary>
    public int? BannerCode { get; internal set; }

    /// <summary>The first word of the greeting text: the server's name, for example <c>BN8NAM11FT066.mail.protection.outlook.com</c>.</summary>
    public string? BannerHost { get; internal set; }

    /// <summary>
    /// The Exchange Online region (<c>NAM</c>, <c>EUR</c>, ...): the first one any reply of the
    /// conversation names, banner first (see <see cref="RegionSource"/>); a hint, null when none does.
    /// </summary>
    public string? Region { get; internal set; }

    /// <summary>
    /// Where <see cref="Region"/> was read: <c>Banner</c>, <c>Ehlo</c>, <c>Mail</c> (the MAIL FROM
    /// reply) or <c>Rcpt</c> (the RCPT TO reply's bracket, often the only place a 2024+ front end
    /// names its forest); null when no reply named one.
    /// </summary>
    public string? RegionSource { get; internal set; }

    /// <summary>The first word of the EHLO reply: the name the server gives itself.</summary>
    public string? EhloHost { get; internal set; }

    /// <summary>The client address the server says it sees (<c>Hello [203.0.113.5]</c>): the address an IP-based inbound connector must list.</summary>
    public string? ObservedClientAddress { get; internal set; }

    /// <summary>The EHLO keywords the server advertised last (after TLS when TLS was established), upper case.</summary>
    public string[] Extensions { get; internal set; } = Array.Empty<string>();

    /// <summary>True when the server advertised STARTTLS.</summary>
    public bool StartTlsOffered { get; internal set; }

    /// <summary>True when TLS was established.</summary>
    public bool StartTls { get; internal set; }

    /// <summary>The negotiated protocol, for example <c>Tls12</c> or <c>Tls13</c>.</summary>
    public string? TlsProtocol { get; internal set; }

    /// <summary>The server's certificate, when the handshake got that far.</summary>
    public CertificateInfo? Certificate { get; internal set; }

    /// <summary>True when a client certificate was presented in the handshake (the server asked for one and one was given).</summary>
    public bool ClientCertificateSent { get; internal set; }

    /// <summary>The reply to MAIL FROM, code included.</summary>
    public string? SenderReply { get; internal set; }

    /// <summary>The reply code to MAIL FROM.</summary>
    public int? SenderReplyCode { get; internal set; }

    /// <summary>The full reply to RCPT TO, for example <c>451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. ...</c>.</summary>
    public string? RecipientReply { get; internal set; }

    /// <summary>The reply code to RCPT TO.</summary>
    public int? RecipientReplyCode { get; internal set; }

    /// <summary>The conversation: <c>C: </c> lines sent, <c>S: </c> lines received. Nothing secret is ever sent.</summary>
    public string[] Transcript { get; internal set; } = Array.Empty<string>();

    /// <summary>How long the conversation took, connect to close.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => BannerHost is null ? Address : $"{Address} {BannerHost}";
}
