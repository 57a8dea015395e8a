namespace ATTR35.FaultServer;

/// <summary>How an SMTP session of one scenario behaves after its banner.</summary>
internal sealed record SessionOptions(string HostName)
{
    /// <summary>Whether STARTTLS is advertised and what answering it does.</summary>
    public StartTlsMode StartTls { get; init; } = StartTlsMode.NotOffered;

    /// <summary>EHLO and HELO are answered with 451 4.3.0.</summary>
    public bool EhloFails { get; init; }

    /// <summary>The greeting was a 554: every command but QUIT gets 503.</summary>
    public bool GreetingRejected { get; init; }

    /// <summary>After the QUIT reply the connection stays open until the client closes it.</summary>
    public bool KeepOpenAfterQuit { get; init; }

    /// <summary>The reply to QUIT.</summary>
    public string QuitReply { get; init; } = "221 2.0.0 Service closing transmission channel";

    /// <summary>Every client line goes to the recorder log.</summary>
    public bool Record { get; init; }
}
