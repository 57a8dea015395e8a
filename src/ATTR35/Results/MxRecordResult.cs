using System;

namespace ATTR35;

/// <summary>The result of <c>Test-MxRecord</c> for one domain.</summary>
public sealed class MxRecordResult
{
    /// <summary>The domain checked, in its ASCII (IDNA) form, lower case, without a trailing dot.</summary>
    public string DomainName { get; internal set; } = string.Empty;

    /// <summary>The worst severity among the findings.</summary>
    public CheckStatus Status { get; internal set; }

    /// <summary>The tenant's assigned host the MX records were compared with, when given.</summary>
    public string? ExpectedHost { get; internal set; }

    /// <summary>The published MX records, lowest preference first.</summary>
    public MxRecordEntry[] Records { get; internal set; } = Array.Empty<MxRecordEntry>();

    /// <summary>The DNS server that answered the MX query.</summary>
    public string? NameServer { get; internal set; }

    /// <summary>Every observation, worst first.</summary>
    public Finding[] Findings { get; internal set; } = Array.Empty<Finding>();

    /// <inheritdoc/>
    public override string ToString() => $"{DomainName}: {Status}";
}
