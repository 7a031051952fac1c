using System.Runtime.InteropServices;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// Walks a run of netlink attributes, each padded to 4 bytes. Stops at the end or at the first attribute whose
/// length does not fit (then <see cref="Malformed"/> is true): a truncated message yields what precedes the damage.
/// </summary>
internal ref struct NetlinkAttributeReader(ReadOnlySpan<byte> buffer)
{
    private ReadOnlySpan<byte> _rest = buffer;

    public bool Malformed { get; private set; }

    public bool TryRead(out NetlinkAttribute attribute)
    {
        attribute = default;
        if (_rest.Length < NetlinkConstants.AttributeHeaderLength)
        {
            Malformed |= _rest.Length != 0;
            return false;
        }

        var length = MemoryMarshal.Read<ushort>(_rest);
        var type = MemoryMarshal.Read<ushort>(_rest[2..]);
        if (length < NetlinkConstants.AttributeHeaderLength || length > _rest.Length)
        {
            Malformed = true;
            _rest = default;
            return false;
        }

        attribute = new NetlinkAttribute(type, _rest[NetlinkConstants.AttributeHeaderLength..length]);
        _rest = _rest[Math.Min(NetlinkConstants.Align(length), _rest.Length)..];
        return true;
    }
}
