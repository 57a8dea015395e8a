using System;
using System.Threading;

namespace ATTR35;

/// <summary>One observation of a check: what was seen, how serious it is, and what to change.</summary>
/// <remarks>
/// A rule may hand over its Message and Remedy as text to build when first read: a run over
/// thousands of domains mostly reads Status, and formatting two sentences for every finding of
/// every result cost more than the rule itself. The text is the same whenever it is built, and
/// the properties are plain getters, so Format-List, ConvertTo-Json, Export-Csv and
/// Export-Clixml read it like any other property.
/// </remarks>
public sealed class Finding
{
    private string? _message;
    private string? _remedy;
    private Func<string>? _messageText;
    private Func<string>? _remedyText;

    /// <summary>Creates a finding.</summary>
    public Finding(string code, Severity severity, string subject, string message, string remedy)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Severity = severity;
        Subject = subject ?? string.Empty;
        _message = message ?? string.Empty;
        _remedy = remedy ?? string.Empty;
    }

    /// <summary>Creates a finding whose message and remedy are built when first read.</summary>
    internal Finding(string code, Severity severity, string subject, Func<string> message, Func<string> remedy)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Severity = severity;
        Subject = subject ?? string.Empty;
        _messageText = message ?? throw new ArgumentNullException(nameof(message));
        _remedyText = remedy ?? throw new ArgumentNullException(nameof(remedy));
    }

    /// <summary>The stable finding code, for example <c>MxLegacyHost</c>.</summary>
    public string Code { get; }

    /// <summary>How serious the finding is.</summary>
    public Severity Severity { get; }

    /// <summary>The record, host or connector the finding is about.</summary>
    public string Subject { get; }

    /// <summary>One sentence naming what was seen.</summary>
    public string Message => _message ?? Build(ref _message, ref _messageText);

    /// <summary>What to change, concretely.</summary>
    public string Remedy => _remedy ?? Build(ref _remedy, ref _remedyText);

    /// <inheritdoc/>
    public override string ToString() => $"{Severity} {Code}: {Message}";

    // Two threads reading at once may both build the text; it is the same text, and the
    // builder is dropped once the text is kept, so what it captured can go.
    private static string Build(ref string? text, ref Func<string>? builder)
    {
        var build = Volatile.Read(ref builder);
        if (build is null)
        {
            // Another thread built it and kept the text before dropping the builder.
            return Volatile.Read(ref text) ?? string.Empty;
        }

        var built = build() ?? string.Empty;
        Volatile.Write(ref text, built);
        Volatile.Write(ref builder, null);
        return built;
    }
}
