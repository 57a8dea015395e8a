namespace ATTR35;

/// <summary>The outcome of one check. The declaration order is not the rank (Error ranks below Fail, above Warning): compare through <see cref="StatusRank"/>.</summary>
/// <remarks>
/// Based on <see cref="long"/>, like every enum in a result, so that ConvertTo-Json writes the name
/// ("Fail") instead of a number without -EnumsAsStrings: PowerShell writes 64-bit enums as strings,
/// because JavaScript numbers cannot hold every 64-bit value (JsonObject.ProcessValue, both
/// Windows PowerShell 5.1 and PowerShell 7). The values and names are unchanged.
/// </remarks>
public enum CheckStatus : long
{
    /// <summary>Nothing above Information was found.</summary>
    Pass,

    /// <summary>A risk worth fixing; mail is not known to be deferred by it.</summary>
    Warning,

    /// <summary>A configuration that causes or risks ATTR35.</summary>
    Fail,

    /// <summary>The check could not be completed (timeout, SERVFAIL, refused).</summary>
    Error,
}
