using System;

namespace ATTR35.Tests;

/// <summary>Which runtime the tests run on, for the few facts that are the platform's, not the module's.</summary>
internal static class TestRuntime
{
    /// <summary>True under Mono, the .NET Framework-compatible runtime the net472 tests run on here.</summary>
    public static bool IsMono { get; } = Type.GetType("Mono.Runtime") is not null;
}
