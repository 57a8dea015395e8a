using System;

namespace ATTR35.Events;

/// <summary>A path that cannot be read as a log or a mail: the cmdlet turns it into a non-terminating error and goes on.</summary>
internal sealed class EventFileException : Exception
{
    public EventFileException(string errorId, string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Path = path;
    }

    /// <summary>LogFileNotFound or LogFileUnreadable.</summary>
    public string ErrorId { get; }

    /// <summary>The path as given.</summary>
    public string Path { get; }
}
