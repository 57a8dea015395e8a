using System;

namespace ATTR35;

/// <summary>One observation of a check: what was seen, how serious it is, and what to change.</summary>
public sealed class Finding
{
    /// <summary>Creates a finding.</summary>
    public Finding(string code, Severity severity, string subject, string message, string remedy)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Severity = severity;
        Subject = subject ?? string.Empty;
        Message = message ?? string.Empty;
        Remedy = remedy ?? string.Empty;
    }

    /// <summary>The stable finding code, for example <c>MxLegacyHost</c>.</summary>
    public string Code { get; }

    /// <summary>How serious the finding is.</summary>
    public Severity Severity { get; }

    /// <summary>The record, host or connector the finding is about.</summary>
    public string Subject { get; }

    /// <summary>One sentence naming what was seen.</summary>
    public string Message { get; }

    /// <summary>What to change, concretely.</summary>
    public string Remedy { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Severity} {Code}: {Message}";
}
