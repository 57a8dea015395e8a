namespace ATTR35;

/// <summary>Where an <see cref="Attr35Event"/> was read from.</summary>
/// <remarks>Based on <see cref="long"/> so that ConvertTo-Json writes the name, not a number: see <see cref="CheckStatus"/>.</remarks>
public enum EventSource : long
{
    /// <summary>Text with no recognised log format (a pasted reply).</summary>
    Text,

    /// <summary>A Postfix log line.</summary>
    Postfix,

    /// <summary>An Exim main log line.</summary>
    Exim,

    /// <summary>A Sendmail log line.</summary>
    Sendmail,

    /// <summary>Exchange Server Get-Queue or Get-Message (LastError).</summary>
    ExchangeQueue,

    /// <summary>Exchange Server Get-MessageTrackingLog.</summary>
    MessageTrackingLog,

    /// <summary>Exchange Online message trace (Get-MessageTraceV2, Get-MessageTraceDetailV2).</summary>
    MessageTrace,

    /// <summary>A delivery status notification (bounce or delay NDR), pasted or saved as a mail.</summary>
    Ndr,
}
