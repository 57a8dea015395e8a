namespace ATTR35.Commands;

/// <summary>
/// What one piped object says about a domain's MX check, read by <see cref="PipedMxInput"/>.
/// </summary>
internal sealed class PipedMxRecord
{
    public PipedMxRecord(string source, string? domain, string? expectedHost, string? skipReason)
    {
        Source = source;
        Domain = domain;
        ExpectedHost = expectedHost;
        SkipReason = skipReason;
    }

    /// <summary>Which kind of object it was, for messages: "Graph service configuration record", ...</summary>
    public string Source { get; }

    /// <summary>The domain the object is about, when it says; null otherwise.</summary>
    public string? Domain { get; }

    /// <summary>The tenant's assigned MX host the object names, when it names one.</summary>
    public string? ExpectedHost { get; }

    /// <summary>Set when the object is not one to check (another record type): why, for Verbose.</summary>
    public string? SkipReason { get; }
}
