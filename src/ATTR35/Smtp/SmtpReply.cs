using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace ATTR35.Smtp;

/// <summary>One complete SMTP reply (RFC 5321 section 4.2): one or more lines with the same code.</summary>
internal sealed class SmtpReply
{
    private static readonly Regex s_enhancedStatus = new(@"^[245]\.[0-9]{1,3}\.[0-9]{1,3}(?=\s|$)", RegexOptions.CultureInvariant);

    internal SmtpReply(int code, IReadOnlyList<string> lines)
    {
        if (lines is null || lines.Count == 0)
        {
            throw new ArgumentException("A reply has at least one line.", nameof(lines));
        }

        Code = code;
        Lines = new string[lines.Count];
        TextLines = new string[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            Lines[i] = lines[i];

            // "250-text", "250 text" or a bare "250": the text starts after the separator.
            TextLines[i] = lines[i].Length > 4 ? lines[i].Substring(4) : string.Empty;
        }

        var status = s_enhancedStatus.Match(TextLines[0]);
        EnhancedStatus = status.Success ? status.Value : null;
    }

    /// <summary>The three-digit reply code, for example 250 or 451.</summary>
    public int Code { get; }

    /// <summary>The lines as received, code and separator included, without line ends.</summary>
    public string[] Lines { get; }

    /// <summary>The text of each line after the code and separator; empty for a bare code line.</summary>
    public string[] TextLines { get; }

    /// <summary>The RFC 3463 enhanced status code at the start of the first line (<c>4.4.62</c>), if any.</summary>
    public string? EnhancedStatus { get; }

    /// <summary>True for 2yz: the command succeeded.</summary>
    public bool IsPositive => Code / 100 == 2;

    /// <summary>True for 4yz and 5yz: the server refused, for now or for good.</summary>
    public bool IsNegative => Code / 100 is 4 or 5;

    /// <summary>The reply as received, one line per line, separated by a line feed.</summary>
    public override string ToString() => string.Join("\n", Lines);
}
