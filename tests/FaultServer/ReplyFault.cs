namespace ATTR35.FaultServer;

/// <summary>How a session answers one command (RCPT TO, RSET) when the scenario breaks it.</summary>
internal enum ReplyFault
{
    /// <summary>A normal reply.</summary>
    None,

    /// <summary>The connection is closed instead of a reply.</summary>
    Close,

    /// <summary>A line of binary garbage instead of a reply.</summary>
    Garbage,

    /// <summary>No reply at all; the connection stays open.</summary>
    Silent,
}
