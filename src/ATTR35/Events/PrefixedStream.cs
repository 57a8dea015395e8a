using System;
using System.IO;

namespace ATTR35.Events;

/// <summary>
/// A read-only stream that gives back bytes already read from its start, then the rest: lets the
/// reader look at a file's first bytes (gzip magic, NUL bytes, mail headers) on streams that
/// cannot seek, such as a gzip stream.
/// </summary>
internal sealed class PrefixedStream : Stream
{
    private readonly byte[] _prefix;
    private readonly Stream _inner;
    private int _offset;

    private PrefixedStream(byte[] prefix, Stream inner)
    {
        _prefix = prefix;
        _inner = inner;
    }

    /// <summary>Reads up to <paramref name="count"/> bytes of <paramref name="inner"/> into <paramref name="head"/> and returns a stream that still starts with them.</summary>
    public static Stream Peek(Stream inner, int count, out byte[] head)
    {
        var bytes = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = inner.Read(bytes, read, count - read);
            if (n <= 0)
            {
                break;
            }

            read += n;
        }

        if (read < count)
        {
            Array.Resize(ref bytes, read);
        }

        head = bytes;
        return new PrefixedStream(bytes, inner);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_offset < _prefix.Length)
        {
            var n = Math.Min(count, _prefix.Length - _offset);
            Buffer.BlockCopy(_prefix, _offset, buffer, offset, n);
            _offset += n;
            return n;
        }

        return _inner.Read(buffer, offset, count);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
