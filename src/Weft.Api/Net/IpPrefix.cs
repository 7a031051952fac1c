using System.Net;
using System.Net.Sockets;

namespace Weft.Api.Net;

/// <summary>
/// An IPv4 or IPv6 prefix (CIDR) in canonical form: host bits are zero. Addresses are held as a
/// 128-bit integer so that containment and arithmetic are a few integer operations for both families.
/// </summary>
public readonly record struct IpPrefix
{
    private IpPrefix(UInt128 bits, int length, AddressFamily family)
    {
        Bits = bits;
        Length = length;
        Family = family;
    }

    /// <summary>The network address as an integer (IPv4 in the low 32 bits).</summary>
    public UInt128 Bits { get; }

    public int Length { get; }

    public AddressFamily Family { get; }

    public int MaxLength => Family == AddressFamily.InterNetwork ? 32 : 128;

    public IPAddress Network => ToAddress(Bits, Family);

    /// <summary>
    /// The number of addresses in the prefix. ::/0 holds 2^128 addresses, one more than UInt128 can count,
    /// so its size saturates at <see cref="UInt128.MaxValue"/>.
    /// </summary>
    public UInt128 Size => HostMask == UInt128.MaxValue ? UInt128.MaxValue : HostMask + 1;

    public IPAddress Last => ToAddress(Bits | HostMask, Family);

    /// <summary>The host bits: offsets inside the prefix run from 0 to this value.</summary>
    private UInt128 HostMask => LowBits(MaxLength - Length);

    public static IpPrefix Create(IPAddress address, int length)
    {
        var family = address.AddressFamily;
        var max = family == AddressFamily.InterNetwork ? 32 : 128;
        if (length < 0 || length > max)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"prefix length must be between 0 and {max}");
        }

        return new IpPrefix(Mask(ToBits(address), length, max), length, family);
    }

    /// <summary>Host address as a single-address prefix (/32 or /128).</summary>
    public static IpPrefix Host(IPAddress address) =>
        Create(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);

    /// <summary>
    /// Parses <c>a.b.c.d/n</c> or <c>x::y/n</c>. With <paramref name="strict"/> the host bits must be zero,
    /// as the Kubernetes API requires for ipBlock.cidr (since 1.30's stricter validation, warnings before).
    /// </summary>
    public static bool TryParse(string? text, out IpPrefix prefix, out string? error, bool strict = false)
    {
        prefix = default;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "must be a CIDR such as 10.0.0.0/8";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"'{text}' is not a CIDR: missing '/<prefix length>'";
            return false;
        }

        var addressText = text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal)
            || (address.AddressFamily == AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3))
        {
            error = $"'{text}' is not a CIDR: '{addressText}' is not an IP address";
            return false;
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var lengthText = text[(slash + 1)..];
        if (lengthText.Length == 0 || lengthText.Length > 3 || !lengthText.All(char.IsAsciiDigit)
            || !int.TryParse(lengthText, out var length) || length > max)
        {
            error = $"'{text}' is not a CIDR: prefix length must be between 0 and {max}";
            return false;
        }

        // An IPv4-mapped prefix that lies inside ::ffff:0:0/96 is the IPv4 prefix it maps, as Go's
        // net.ParseCIDR (and so Kubernetes) reads it: ::ffff:10.0.0.0/104 is 10.0.0.0/8.
        if (address.IsIPv4MappedToIPv6 && length >= 96)
        {
            address = address.MapToIPv4();
            length -= 96;
        }

        prefix = Create(address, length);
        if (strict && prefix.Bits != ToBits(address))
        {
            error = $"'{text}' has host bits set; did you mean {prefix}?";
            return false;
        }

        return true;
    }

    public static IpPrefix Parse(string text) =>
        TryParse(text, out var prefix, out var error) ? prefix : throw new FormatException(error);

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6 && Family == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == Family && Mask(ToBits(address), Length, MaxLength) == Bits;
    }

    public bool Contains(IpPrefix other) =>
        other.Family == Family && other.Length >= Length && Mask(other.Bits, Length, MaxLength) == Bits;

    public bool Overlaps(IpPrefix other) => Contains(other) || other.Contains(this);

    /// <summary>The address at <paramref name="offset"/> from the network address.</summary>
    public IPAddress AddressAt(UInt128 offset)
    {
        if (offset > HostMask)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"outside {this}");
        }

        return ToAddress(Bits + offset, Family);
    }

    /// <summary>The offset of <paramref name="address"/> from the network address; the address must be inside.</summary>
    public UInt128 OffsetOf(IPAddress address) =>
        Contains(address) ? ToBits(address.IsIPv4MappedToIPv6 && Family == AddressFamily.InterNetwork ? address.MapToIPv4() : address) - Bits
            : throw new ArgumentOutOfRangeException(nameof(address), address, $"outside {this}");

    /// <summary>The <paramref name="index"/>-th subnet of length <paramref name="length"/> inside this prefix.</summary>
    public IpPrefix Subnet(int length, UInt128 index)
    {
        if (length < Length || length > MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"must be between {Length} and {MaxLength}");
        }

        var lastIndex = LowBits(length - Length);
        if (index > lastIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{this} has {lastIndex} + 1 /{length} subnets");
        }

        // C# masks shift counts to 7 bits, so a shift by 128 (a /0 subnet of ::/0) must not reach the operator.
        return new IpPrefix(length == 0 ? Bits : Bits + (index << (MaxLength - length)), length, Family);
    }

    public override string ToString() => $"{Network}/{Length}";

    public static UInt128 ToBits(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        UInt128 value = 0;
        for (var i = 0; i < written; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    public static IPAddress ToAddress(UInt128 bits, AddressFamily family)
    {
        var length = family == AddressFamily.InterNetwork ? 4 : 16;
        Span<byte> bytes = stackalloc byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(bits & 0xFF);
            bits >>= 8;
        }

        return new IPAddress(bytes);
    }

    private static UInt128 Mask(UInt128 bits, int length, int max) => bits & ~LowBits(max - length);

    /// <summary>The lowest <paramref name="count"/> bits set (0..128); C# shifts would wrap at 128.</summary>
    private static UInt128 LowBits(int count) => count >= 128 ? UInt128.MaxValue : (UInt128.One << count) - 1;
}
