namespace ATTR35.FaultServer;

/// <summary>How a client line ended on the wire.</summary>
internal enum SmtpLineEnd
{
    /// <summary>CR LF, as SMTP requires.</summary>
    CrLf,

    /// <summary>A bare LF.</summary>
    Lf,

    /// <summary>No line end: the client closed the connection mid-line.</summary>
    None,
}
