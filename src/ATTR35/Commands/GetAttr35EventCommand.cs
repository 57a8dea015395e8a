using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using ATTR35.Base;
using ATTR35.Events;

namespace ATTR35.Commands;

/// <summary>
/// <para type="synopsis">Finds the Exchange Online replies (ATTR35 and its family) in mail logs, NDRs, queues and message traces.</para>
/// <para type="description">Reads Postfix, Exim and Sendmail logs (plain or .gz), saved or pasted bounces, and Exchange queue, tracking and trace objects, and writes one ATTR35.Attr35Event per Exchange Online reply found.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "Attr35Event", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Attr35Event))]
public sealed class GetAttr35EventCommand : PSCmdlet, IDisposable
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string InputSet = "InputObject";

    private readonly CancellationTokenSource _stopping = new();
    private EventReader? _reader;

    /// <summary>
    /// <para type="description">Log files or saved mails to read; wildcards allowed.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>
    /// <para type="description">Log files or saved mails to read, taken as written (no wildcards).</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>
    /// <para type="description">Text (a log line, many lines, a pasted NDR), events, files, or Exchange queue, tracking and trace objects.</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyString]
    public object? InputObject { get; set; }

    /// <summary>
    /// <para type="description">Write every Exchange Online reply, not only the ATTR35 family.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        _reader = new EventReader(All.IsPresent, WriteVerbose) { Cancellation = _stopping.Token };
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var reader = _reader!;
        switch (ParameterSetName)
        {
            case InputSet:
                Write(() => reader.ReadObject(InputObject), InputObject);
                break;
            case LiteralPathSet:
                foreach (var path in LiteralPath)
                {
                    ReadPath(path, literal: true);
                }

                break;
            default:
                foreach (var path in Path)
                {
                    ReadPath(path, literal: false);
                }

                break;
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _stopping.Cancel();

    /// <inheritdoc/>
    public void Dispose() => _stopping.Dispose();

    private void ReadPath(string path, bool literal)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            WriteError(NotFound("An empty path was given. Give a log file, for example /var/log/mail.log, or a wildcard such as /var/log/mail.log*.", path ?? string.Empty));
            return;
        }

        IReadOnlyList<string> files;
        try
        {
            files = Resolve(path, literal);
        }
        catch (WildcardPatternException ex)
        {
            WriteError(NotFound($"'{path}' is not a valid wildcard pattern: {ex.Message} Escape [ and ] with a backtick, or give the name with -LiteralPath.", path));
            return;
        }
        catch (Exception ex) when (ex is ItemNotFoundException or DriveNotFoundException or ProviderNotFoundException or ArgumentException or NotSupportedException or PSInvalidOperationException)
        {
            WriteError(NotFound($"The log file '{path}' does not exist: {ex.Message} Check the path, or give a wildcard such as /var/log/mail.log*.", path));
            return;
        }

        if (files.Count == 0)
        {
            WriteError(NotFound($"No file matches '{path}'. Check the path and the wildcard, for example /var/log/mail.log*.", path));
            return;
        }

        var reader = _reader!;
        foreach (var file in files)
        {
            Write(() => reader.ReadFile(file), path);
        }
    }

    private IReadOnlyList<string> Resolve(string path, bool literal)
    {
        if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
        {
            var single = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                throw new NotSupportedException($"'{path}' is not a file system path.");
            }

            return new[] { single };
        }

        var resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var wildcardProvider);
        if (wildcardProvider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
        {
            throw new NotSupportedException($"'{path}' is not a file system path.");
        }

        var files = new List<string>(resolved.Count);
        foreach (var f in resolved)
        {
            // A wildcard that also matches directories (logs/*) reads the files among them.
            if (!System.IO.Directory.Exists(f))
            {
                files.Add(f);
            }
        }

        return files;
    }

    // Writes each event as it is read, so a long log streams; a file that cannot be read is an
    // error for that file, and the next one is read.
    private void Write(Func<IEnumerable<Attr35Event>> read, object? target)
    {
        try
        {
            foreach (var e in read())
            {
                WriteObject(e);
            }
        }
        catch (EventFileException ex)
        {
            WriteError(ex.ErrorId == ErrorIds.LogFileNotFound.Id ? NotFound(ex.Message, ex.Path, ex) : Unreadable(ex.Message, ex.Path, ex));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (System.IO.IOException ex)
        {
            WriteError(Unreadable($"Reading '{target}' failed: {ex.Message} Check the file is complete (a truncated .gz ends early), or copy it and read the copy.", target as string ?? string.Empty, ex));
        }
        catch (System.IO.InvalidDataException ex)
        {
            WriteError(Unreadable($"Reading '{target}' failed: {ex.Message} The file is not valid gzip; give it uncompressed or as a complete .gz.", target as string ?? string.Empty, ex));
        }
    }

    private static ErrorRecord NotFound(string message, string target, Exception? inner = null) =>
        new(new ArgumentException(SafeText.Message(message, target), inner), ErrorIds.LogFileNotFound.Id, ErrorCategory.InvalidArgument, target);

    private static ErrorRecord Unreadable(string message, string target, Exception? inner = null) =>
        new(new ArgumentException(SafeText.Message(message, target), inner), ErrorIds.LogFileUnreadable.Id, ErrorCategory.InvalidArgument, target);
}
