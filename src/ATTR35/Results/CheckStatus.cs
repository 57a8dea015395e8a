namespace ATTR35;

/// <summary>The outcome of one check. Declared worst-last by rank, see <see cref="StatusRank"/>.</summary>
public enum CheckStatus
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
