using Xunit;

namespace ATTR35.Tests;

/// <summary>
/// Tests that measure when something happened on the wire (the gap between two copies of a DNS
/// question): they run alone, not beside the rest of the suite on two shared cores, so the gap is
/// the module's doing and not the other tests'.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
