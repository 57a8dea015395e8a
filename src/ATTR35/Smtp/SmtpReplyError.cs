namespace ATTR35.Smtp;

/// <summary>Why a reply could not be read.</summary>
internal enum SmtpReplyError
{
    /// <summary>The connection closed, or broke, before the reply was complete.</summary>
    Closed,

    /// <summary>What arrived is not an SMTP reply: no three-digit code, mixed codes, binary data.</summary>
    Malformed,

    /// <summary>A line longer than <see cref="SmtpReplyReader.MaxLineLength"/> bytes.</summary>
    LineTooLong,

    /// <summary>A reply of more than <see cref="SmtpReplyReader.MaxReplyLines"/> lines or <see cref="SmtpReplyReader.MaxReplyBytes"/> bytes.</summary>
    ReplyTooLong,
}
