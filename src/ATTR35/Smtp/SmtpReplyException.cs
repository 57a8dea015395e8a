using System;
using System.Collections.Generic;

namespace ATTR35.Smtp;

/// <summary>The server's reply could not be read; the message says what was received.</summary>
internal sealed class SmtpReplyException : Exception
{
    public SmtpReplyException(SmtpReplyError error, string message, IReadOnlyList<string> linesReceived, string? offendingLine, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
        LinesReceived = linesReceived;
        OffendingLine = offendingLine;
    }

    /// <summary>What went wrong.</summary>
    public SmtpReplyError Error { get; }

    /// <summary>The well-formed lines of the reply that arrived before the problem.</summary>
    public IReadOnlyList<string> LinesReceived { get; }

    /// <summary>The line (or unterminated data) that caused the problem, escaped and truncated; null when nothing arrived.</summary>
    public string? OffendingLine { get; }
}
