using System;

namespace ATTR35.Events;

/// <summary>What a mail log line says around the reply: who, when, through which relay.</summary>
internal sealed class LogLine
{
    public EventSource Source { get; set; } = EventSource.Text;

    public DateTimeOffset? Time { get; set; }

    public string? QueueId { get; set; }

    public string? Recipient { get; set; }

    public string? Sender { get; set; }

    public string? Relay { get; set; }

    public string? RelayAddress { get; set; }

    public int? RelayPort { get; set; }

    /// <summary>True for a line that names a sender for a queue id (Postfix qmgr, Sendmail from=, Exim &lt;=), and no reply.</summary>
    public bool IsSenderLine { get; set; }
}
