using System.Buffers;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// Body bytes received on one side and not yet sendable on the other (its flow-control window is closed). Bounded
/// by the window Weft advertised to the sender: the sender gets credit back only when bytes leave this queue.
/// </summary>
internal sealed class Http2DataQueue : IDisposable
{
    private byte[] _buffer = [];
    private int _start;
    private int _length;

    public int Length => _length;

    public void Append(in ReadOnlySequence<byte> data)
    {
        var count = (int)data.Length;
        if (count == 0) return;
        if (_start + _length + count > _buffer.Length)
        {
            if (_length + count <= _buffer.Length)
            {
                _buffer.AsSpan(_start, _length).CopyTo(_buffer);
            }
            else
            {
                var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_length + count, 16 * 1024));
                _buffer.AsSpan(_start, _length).CopyTo(grown);
                if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = grown;
            }

            _start = 0;
        }

        data.CopyTo(_buffer.AsSpan(_start + _length));
        _length += count;
    }

    public ReadOnlySequence<byte> Peek(int count) => new(_buffer, _start, Math.Min(count, _length));

    public void Consume(int count)
    {
        _start += count;
        _length -= count;
        if (_length == 0)
        {
            _start = 0;
            Dispose();
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _start = 0;
        _length = 0;
    }
}
