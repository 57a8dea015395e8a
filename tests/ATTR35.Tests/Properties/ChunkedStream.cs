using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.Tests.Properties;

/// <summary>A read-only stream that hands out its bytes in the chunk sizes given, as TCP may.</summary>
internal sealed class ChunkedStream : Stream
{
    private readonly byte[] _data;
    private readonly int[] _chunks;
    private int _position;
    private int _chunk;

    public ChunkedStream(byte[] data, int[] chunks)
    {
        _data = data;
        _chunks = chunks.Length == 0 ? new[] { 1 } : chunks;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var size = Math.Min(Math.Min(count, Math.Max(1, _chunks[_chunk++ % _chunks.Length])), _data.Length - _position);
        Array.Copy(_data, _position, buffer, offset, size);
        _position += size;
        return size;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
