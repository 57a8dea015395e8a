namespace ATTR35;

/// <summary>One entry of <see cref="ErrorIds"/>: the stable ErrorId, the cmdlets that write it, and what it means.</summary>
internal sealed class ErrorId
{
    public ErrorId(string id, string cmdlets, string meaning)
    {
        Id = id;
        Cmdlets = cmdlets;
        Meaning = meaning;
    }

    /// <summary>The FullyQualifiedErrorId's first part, as scripts test for it.</summary>
    public string Id { get; }

    /// <summary>Which cmdlets write it, as the help lists them.</summary>
    public string Cmdlets { get; }

    /// <summary>What it means, as the help says it.</summary>
    public string Meaning { get; }

    /// <inheritdoc/>
    public override string ToString() => Id;
}
