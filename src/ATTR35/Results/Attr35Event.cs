using System;

namespace ATTR35;

/// <summary>One Exchange Online reply found in a log line, a queue, a message trace or an NDR (Get-Attr35Event).</summary>
public sealed class Attr35Event
{
    /// <summary>When it happened, when the source says.</summary>
    public DateTimeOffset? Time { get; internal set; }

    /// <summary>The recipient address, when the source names it.</summary>
    public string? Recipient { get; internal set; }

    /// <summary>The domain of <see cref="Recipient"/>, lower case.</summary>
    public string? RecipientDomain { get; internal set; }

    /// <summary>The envelope sender, when the source names it.</summary>
    public string? Sender { get; internal set; }

    /// <summary>The host the sending server talked to (the smart host or MX target it used).</summary>
    public string? Relay { get; internal set; }

    /// <summary>The address of <see cref="Relay"/>, when the source gives it.</summary>
    public string? RelayAddress { get; internal set; }

    /// <summary>The port used, when the source gives it.</summary>
    public int? RelayPort { get; internal set; }

    /// <summary>
    /// How the Exchange server that queued the mail routes it, from a Get-Queue object
    /// (<c>DnsConnectorDelivery</c>: by the recipient domain's MX; <c>SmartHostConnectorDelivery</c>:
    /// through a send connector's smart hosts); null for other sources.
    /// </summary>
    public string? DeliveryType { get; internal set; }

    /// <summary>The SMTP reply code (451).</summary>
    public int? Code { get; internal set; }

    /// <summary>The enhanced status code, such as 4.4.62.</summary>
    public string? EnhancedCode { get; internal set; }

    /// <summary>What the reply means.</summary>
    public ReplyKind Kind { get; internal set; }

    /// <summary>The ATTR token of the reply (ATTR35), when it has one.</summary>
    public string? AttrToken { get; internal set; }

    /// <summary>The inner Exchange Online reply, unwrapped and escaped.</summary>
    public string Reply { get; internal set; } = string.Empty;

    /// <summary>The Exchange Online front end that answered, from the reply's bracket.</summary>
    public string? FrontEnd { get; internal set; }

    /// <summary>The region read from the front end or forest names (a hint: the region reached, not the tenant's home).</summary>
    public string? Region { get; internal set; }

    /// <summary>Where the event was read from.</summary>
    public EventSource Source { get; internal set; }

    /// <summary>The file it was read from, when read from a file.</summary>
    public string? Path { get; internal set; }

    /// <summary>The line number in <see cref="Path"/> (the first line of a multi-line entry).</summary>
    public long? LineNumber { get; internal set; }

    /// <summary>The original text, escaped, cut at 4,000 characters.</summary>
    public string Line { get; internal set; } = string.Empty;

    /// <inheritdoc/>
    public override string ToString() => $"{Time:u} {Recipient} {EnhancedCode} {Kind}";
}
