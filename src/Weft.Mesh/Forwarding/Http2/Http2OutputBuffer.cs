using System.Buffers;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// A growable pooled byte buffer that frames are appended to under the connection's lock; the writer swaps it
/// with a second one and copies it to the transport in one write, so a batch of frames costs one flush.
/// </summary>
internal sealed class Http2OutputBuffer : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 16 * 1024;

    // Rented at the first write: of a connection's or an outbox's two buffers (filled / being sent), a short
    // exchange only ever touches one.
    private byte[] _buffer = [];
    private int _length;

    public int Length => _length;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_length);
    }

    public void Clear()
    {
        _length = 0;
        // A burst may have grown the buffer; do not keep megabytes per idle connection.
        if (_buffer.Length > 256 * 1024)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _length + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length) return;
        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(needed, InitialSize), _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(grown);
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }
}
