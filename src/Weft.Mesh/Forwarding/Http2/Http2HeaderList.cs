using System.Buffers;
using Weft.Mesh.Forwarding.Http2.Hpack;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// One decoded header block kept as bytes (names and values packed in one pooled buffer, offsets per field): no
/// strings or dictionaries per request. Pseudo-header fields are found by index.
/// </summary>
internal sealed class Http2HeaderList : IHeaderSink, IDisposable
{
    private byte[] _bytes = [];
    private int _used;
    private Field[] _fields = [];

    public int Count { get; private set; }

    public ReadOnlySpan<byte> Name(int i) => _bytes.AsSpan(_fields[i].Offset, _fields[i].NameLength);

    public ReadOnlySpan<byte> Value(int i) => _bytes.AsSpan(_fields[i].Offset + _fields[i].NameLength, _fields[i].ValueLength);

    /// <summary>Index of the first field named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < Count; i++)
        {
            if (Name(i).SequenceEqual(name)) return i;
        }

        return -1;
    }

    /// <summary>The value of the first field named <paramref name="name"/>, or empty.</summary>
    public ReadOnlySpan<byte> Find(ReadOnlySpan<byte> name)
    {
        var i = IndexOf(name);
        return i < 0 ? default : Value(i);
    }

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var size = name.Length + value.Length;
        if (_used + size > _bytes.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_used + size, Math.Max(1024, _bytes.Length * 2)));
            _bytes.AsSpan(0, _used).CopyTo(grown);
            if (_bytes.Length > 0) ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = grown;
        }

        if (Count == _fields.Length) Array.Resize(ref _fields, Math.Max(16, Count * 2));
        name.CopyTo(_bytes.AsSpan(_used));
        value.CopyTo(_bytes.AsSpan(_used + name.Length));
        _fields[Count++] = new Field(_used, name.Length, value.Length);
        _used += size;
    }

    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    public void Dispose()
    {
        if (_bytes.Length > 0) ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = [];
        Clear();
    }

    private readonly record struct Field(int Offset, int NameLength, int ValueLength);
}
