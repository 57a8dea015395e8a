using System;
using System.Management.Automation;

namespace ATTR35.Commands;

/// <summary>A -Server value that cannot be used; carries the error record the cmdlet terminates with.</summary>
internal sealed class ServerListException : Exception
{
    public ServerListException(ErrorRecord error)
        : base(error.Exception.Message, error.Exception)
    {
        Error = error;
    }

    /// <summary>The record to terminate with.</summary>
    public ErrorRecord Error { get; }
}
