using System;
using System.IO;
using System.Text;

namespace ATTR35.Events;

/// <summary>
/// Reads lines from a text stream without ever holding more than <see cref="MaxLineLength"/>
/// characters of one line: a longer line (a binary blob, a runaway log writer) is skipped to its
/// end, and the caller told, so memory stays flat whatever the file holds.
/// </summary>
internal sealed class BoundedLineReader
{
    /// <summary>Lines longer than this (64 KB) are skipped.</summary>
    public const int MaxLineLength = 64 * 1024;

    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[16 * 1024];
    private readonly StringBuilder _line = new();
    private int _length;
    private int _position;

    public BoundedLineReader(TextReader reader) => _reader = reader;

    /// <summary>The number of the line last returned or skipped, from 1.</summary>
    public long LineNumber { get; private set; }

    /// <summary>
    /// The next line, without its line break; null at the end. <paramref name="tooLong"/> is true
    /// (and the line null) for a line over <see cref="MaxLineLength"/>, which is skipped.
    /// </summary>
    public string? ReadLine(out bool tooLong)
    {
        tooLong = false;
        _line.Clear();
        var any = false;
        while (true)
        {
            if (_position >= _length)
            {
                _length = _reader.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_length <= 0)
                {
                    if (!any)
                    {
                        return null;
                    }

                    LineNumber++;
                    return tooLong ? null : _line.ToString();
                }
            }

            any = true;
            var start = _position;
            while (_position < _length && _buffer[_position] != '\n')
            {
                _position++;
            }

            var count = _position - start;
            if (!tooLong)
            {
                if (_line.Length + count > MaxLineLength)
                {
                    tooLong = true;
                    _line.Clear();
                }
                else
                {
                    _line.Append(_buffer, start, count);
                }
            }

            if (_position < _length)
            {
                // The line break: the line is complete.
                _position++;
                LineNumber++;
                if (tooLong)
                {
                    return null;
                }

                if (_line.Length > 0 && _line[_line.Length - 1] == '\r')
                {
                    _line.Length--;
                }

                return _line.ToString();
            }
        }
    }
}
