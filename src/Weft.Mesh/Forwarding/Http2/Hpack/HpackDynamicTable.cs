namespace Weft.Mesh.Forwarding.Http2.Hpack;

/// <summary>
/// HPACK's dynamic table (RFC 7541 §2.3.2, §4): newest entry first, size = Σ (name + value + 32), evicting the
/// oldest entries to stay within the maximum. Entries carry hashes so the encoder finds matches without comparing
/// every entry's bytes.
/// </summary>
internal sealed class HpackDynamicTable
{
    private const int EntryOverhead = 32;
    private Entry[] _ring = new Entry[16];
    private int _newest = -1;

    public HpackDynamicTable(int maxSize) => MaxSize = maxSize;

    public int Count { get; private set; }

    public int Size { get; private set; }

    public int MaxSize { get; private set; }

    /// <summary>Entry <paramref name="index"/>, 0 = newest (HPACK index 62).</summary>
    public Entry this[int index] => _ring[Slot(index)];

    public static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    public static int CombinedHash(int nameHash, ReadOnlySpan<byte> value) => HashCode.Combine(nameHash, Hash(value));

    public void Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, int nameHash = 0, int fullHash = 0)
    {
        var size = name.Length + value.Length + EntryOverhead;
        if (size > MaxSize)
        {
            // An entry larger than the table empties it and is not added (RFC 7541 §4.4).
            Clear();
            return;
        }

        while (Size + size > MaxSize) EvictOldest();
        if (Count == _ring.Length) Grow();
        var data = new byte[name.Length + value.Length];
        name.CopyTo(data);
        value.CopyTo(data.AsSpan(name.Length));
        _newest = (_newest + 1) % _ring.Length;
        _ring[_newest] = new Entry(data, name.Length, nameHash, fullHash);
        Count++;
        Size += size;
    }

    public void Resize(int maxSize)
    {
        MaxSize = maxSize;
        while (Size > MaxSize) EvictOldest();
    }

    /// <summary>
    /// The newest entry with this name and value (<paramref name="fullMatch"/>), else the newest with this name,
    /// else −1. Hashes from <see cref="Hash"/> / <see cref="CombinedHash"/>.
    /// </summary>
    public int Find(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, int nameHash, int fullHash, out bool fullMatch)
    {
        fullMatch = false;
        var nameMatch = -1;
        for (var i = 0; i < Count; i++)
        {
            var entry = _ring[Slot(i)];
            if (entry.NameHash != nameHash || !entry.Name.SequenceEqual(name)) continue;
            if (entry.FullHash == fullHash && entry.Value.SequenceEqual(value))
            {
                fullMatch = true;
                return i;
            }

            if (nameMatch < 0) nameMatch = i;
        }

        return nameMatch;
    }

    private int Slot(int index) => (_newest - index + _ring.Length) % _ring.Length;

    private void EvictOldest()
    {
        var slot = Slot(Count - 1);
        var entry = _ring[slot];
        Size -= entry.Data.Length + EntryOverhead;
        _ring[slot] = default;
        Count--;
    }

    private void Clear()
    {
        Array.Clear(_ring);
        Count = 0;
        Size = 0;
        _newest = -1;
    }

    private void Grow()
    {
        var bigger = new Entry[_ring.Length * 2];
        for (var i = 0; i < Count; i++) bigger[Count - 1 - i] = _ring[Slot(i)];
        _ring = bigger;
        _newest = Count - 1;
    }

    /// <summary>One entry: name and value in one array.</summary>
    internal readonly record struct Entry(byte[] Data, int NameLength, int NameHash, int FullHash)
    {
        public ReadOnlySpan<byte> Name => Data.AsSpan(0, NameLength);

        public ReadOnlySpan<byte> Value => Data.AsSpan(NameLength);
    }
}
