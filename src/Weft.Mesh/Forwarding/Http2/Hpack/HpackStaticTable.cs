using System.Text;

namespace Weft.Mesh.Forwarding.Http2.Hpack;

/// <summary>The static table (RFC 7541 Appendix A), indices 1..61, with a lookup by name and by name and value.</summary>
internal static class HpackStaticTable
{
    public const int Count = 61;

    private static readonly (byte[] Name, byte[] Value)[] Entries = Build(
        ":authority", "", ":method", "GET", ":method", "POST", ":path", "/", ":path", "/index.html",
        ":scheme", "http", ":scheme", "https", ":status", "200", ":status", "204", ":status", "206",
        ":status", "304", ":status", "400", ":status", "404", ":status", "500", "accept-charset", "",
        "accept-encoding", "gzip, deflate", "accept-language", "", "accept-ranges", "", "accept", "",
        "access-control-allow-origin", "", "age", "", "allow", "", "authorization", "", "cache-control", "",
        "content-disposition", "", "content-encoding", "", "content-language", "", "content-length", "",
        "content-location", "", "content-range", "", "content-type", "", "cookie", "", "date", "", "etag", "",
        "expect", "", "expires", "", "from", "", "host", "", "if-match", "", "if-modified-since", "",
        "if-none-match", "", "if-range", "", "if-unmodified-since", "", "last-modified", "", "link", "",
        "location", "", "max-forwards", "", "proxy-authenticate", "", "proxy-authorization", "", "range", "",
        "referer", "", "refresh", "", "retry-after", "", "server", "", "set-cookie", "",
        "strict-transport-security", "", "transfer-encoding", "", "user-agent", "", "vary", "", "via", "",
        "www-authenticate", "");

    /// <summary>Indices (1-based) of the entries per name length, in table order: a lookup compares a few names at most.</summary>
    private static readonly int[][] ByNameLength = BuildLengthIndex();

    public static ReadOnlySpan<byte> Name(int index) => Entries[index - 1].Name;

    public static ReadOnlySpan<byte> Value(int index) => Entries[index - 1].Value;

    /// <summary>
    /// The index of the entry with this name and value (<paramref name="fullMatch"/> true), else of the first entry
    /// with this name, else 0.
    /// </summary>
    public static int Find(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, out bool fullMatch)
    {
        fullMatch = false;
        if (name.Length >= ByNameLength.Length) return 0;
        var nameIndex = 0;
        foreach (var index in ByNameLength[name.Length])
        {
            var entry = Entries[index - 1];
            if (!name.SequenceEqual(entry.Name)) continue;
            if (nameIndex == 0) nameIndex = index;
            if (value.SequenceEqual(entry.Value) && entry.Value.Length > 0)
            {
                fullMatch = true;
                return index;
            }
        }

        return nameIndex;
    }

    private static (byte[] Name, byte[] Value)[] Build(params string[] pairs)
    {
        var entries = new (byte[], byte[])[pairs.Length / 2];
        for (var i = 0; i < entries.Length; i++)
            entries[i] = (Encoding.ASCII.GetBytes(pairs[2 * i]), Encoding.ASCII.GetBytes(pairs[(2 * i) + 1]));
        return entries;
    }

    private static int[][] BuildLengthIndex()
    {
        var longest = Entries.Max(e => e.Name.Length);
        var lists = new List<int>[longest + 1];
        for (var i = 0; i < lists.Length; i++) lists[i] = [];
        for (var i = 0; i < Entries.Length; i++) lists[Entries[i].Name.Length].Add(i + 1);
        return [.. lists.Select(l => l.ToArray())];
    }
}
