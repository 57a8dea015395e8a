using System;

namespace ATTR35.Checks;

/// <summary>What every check takes besides its resolver: the bound on each network step and the verbose sink.</summary>
internal class CheckOptions
{
    /// <summary>Bound on each network step.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>For -Verbose; called from any thread.</summary>
    public Action<string>? Log { get; init; }
}
