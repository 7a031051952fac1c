using System.Net;

namespace Weft.Datapath.Policy;

/// <summary>An inclusive IPv4 range, rendered as nft writes it: <c>10.0.0.1</c> or <c>10.0.0.0-10.0.0.255</c>.</summary>
public readonly record struct AddressRange(uint First, uint Last)
{
    public bool Contains(uint address) => address >= First && address <= Last;

    public static uint ToUInt32(IPAddress address)
    {
        var bytes = address.MapToIPv4().GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    public static IPAddress ToAddress(uint address) =>
        new([(byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address]);

    public override string ToString() => First == Last ? ToAddress(First).ToString() : $"{ToAddress(First)}-{ToAddress(Last)}";
}
