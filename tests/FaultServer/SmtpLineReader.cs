using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.FaultServer;

/// <summary>
/// Reads client lines from a stream whatever the client sends: a line ends at LF (a CR before it
/// is dropped), lines longer than <see cref="MaxLineLength"/> are cut and flagged, and the rest
/// of such a line is skipped up to its LF.
/// </summary>
internal sealed class SmtpLineReader
{
    /// <summary>The longest line kept, in bytes, without its line end.</summary>
    public const int MaxLineLength = 4096;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    public SmtpLineReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>The next line, or null once the client has closed its side.</summary>
    public async Task<SmtpLine?> ReadLineAsync(CancellationToken cancellation)
    {
        var line = new MemoryStream();
        bool tooLong = false;
        byte previous = 0; // the byte before the LF, even when it was cut off a long line
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, cancellation);
                if (_end == 0)
                {
                    // Closed mid-line: what arrived still reached the wire.
                    return line.Length > 0 || tooLong
                        ? new SmtpLine(line.ToArray(), SmtpLineEnd.None, tooLong)
                        : null;
                }
            }

            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            int stop = newline < 0 ? _end : newline;
            if (stop > _start)
            {
                previous = _buffer[stop - 1];
            }

            int room = MaxLineLength + 1 - (int)line.Length;
            int take = Math.Min(stop - _start, Math.Max(room, 0));
            line.Write(_buffer, _start, take);
            if (stop - _start > take)
            {
                tooLong = true;
            }

            if (newline < 0)
            {
                _start = _end;
                continue;
            }

            _start = newline + 1;
            byte[] bytes = line.ToArray();
            SmtpLineEnd end = SmtpLineEnd.Lf;
            if (previous == (byte)'\r')
            {
                end = SmtpLineEnd.CrLf;
                if (!tooLong)
                {
                    Array.Resize(ref bytes, bytes.Length - 1);
                }
            }

            if (bytes.Length > MaxLineLength)
            {
                Array.Resize(ref bytes, MaxLineLength);
                tooLong = true;
            }

            return new SmtpLine(bytes, end, tooLong);
        }
    }
}
