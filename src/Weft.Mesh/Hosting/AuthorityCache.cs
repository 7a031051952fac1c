using System.Text;

namespace Weft.Mesh.Hosting;

/// <summary>
/// A connection's last request authority as a string: metric labels allocate nothing while it repeats (it nearly
/// always does on one connection). Used from one connection's request processing at a time.
/// </summary>
internal sealed class AuthorityCache
{
    private byte[] _bytes = [];
    private string _text = "";

    public string Get(ReadOnlySpan<byte> authority)
    {
        if (authority.SequenceEqual(_bytes)) return _text;
        _bytes = authority.ToArray();
        _text = Encoding.Latin1.GetString(authority);
        return _text;
    }
}
