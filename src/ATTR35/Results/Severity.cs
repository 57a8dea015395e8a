namespace ATTR35;

/// <summary>How serious one finding is.</summary>
/// <remarks>Based on <see cref="long"/> so that ConvertTo-Json writes the name, not a number: see <see cref="CheckStatus"/>.</remarks>
public enum Severity : long
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
