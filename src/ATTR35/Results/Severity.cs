namespace ATTR35;

/// <summary>How serious one finding is.</summary>
public enum Severity
{
    /// <summary>An observation; not a problem.</summary>
    Information,

    /// <summary>A risk worth fixing.</summary>
    Warning,

    /// <summary>A configuration that causes or risks ATTR35.</summary>
    Fail,

    /// <summary>Part of the check could not be completed.</summary>
    Error,
}
