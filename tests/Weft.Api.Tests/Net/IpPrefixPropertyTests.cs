using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using Weft.Api.Net;

namespace Weft.Api.Tests.Net;

public sealed class IpPrefixPropertyTests
{
    private static readonly Gen<IPAddress> V4 =
        Gen.Choose(0, 255).ArrayOf(4).Select(bytes => new IPAddress(bytes.Select(b => (byte)b).ToArray()));

    private static readonly Gen<IPAddress> V6 =
        Gen.Choose(0, 255).ArrayOf(16).Select(bytes => new IPAddress(bytes.Select(b => (byte)b).ToArray()));

    /// <summary>A random prefix of either family with any length from 0 to the family's maximum.</summary>
    private static readonly Gen<IpPrefix> Prefixes = Gen.OneOf(
        from a in V4 from l in Gen.Choose(0, 32) select IpPrefix.Create(a, l),
        from a in V6 from l in Gen.Choose(0, 128) select IpPrefix.Create(a, l));

    [Fact]
    public void ParseOfToString_RoundTrips()
    {
        Prop.ForAll(Prefixes.ToArbitrary(), prefix =>
                IpPrefix.TryParse(prefix.ToString(), out var parsed, out _, strict: true) && parsed == prefix)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void EveryAddressAt_IsContainedAndHasItsOffset()
    {
        var cases = from prefix in Prefixes
                    from seed in Gen.Choose(0, int.MaxValue).Two()
                    select (prefix, offset: Offset(prefix, seed));
        Prop.ForAll(cases.ToArbitrary(), c =>
            {
                var address = c.prefix.AddressAt(c.offset);
                return c.prefix.Contains(address) && c.prefix.OffsetOf(address) == c.offset;
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Subnet_IsContainedAndAgreesWithTheAddressItStartsAt()
    {
        var cases = from prefix in Prefixes.Where(p => p.Length < p.MaxLength)
                    from extra in Gen.Choose(1, 8)
                    from seed in Gen.Choose(0, int.MaxValue)
                    let length = Math.Min(prefix.Length + extra, prefix.MaxLength)
                    select (prefix, length, index: (UInt128)(uint)seed % (UInt128.One << (length - prefix.Length)));
        Prop.ForAll(cases.ToArbitrary(), c =>
            {
                var subnet = c.prefix.Subnet(c.length, c.index);
                var expectedStart = c.prefix.AddressAt(c.index << (c.prefix.MaxLength - c.length));
                return c.prefix.Contains(subnet) && c.prefix.Overlaps(subnet) && subnet.Overlaps(c.prefix)
                    && subnet.Network.Equals(expectedStart) && subnet.Length == c.length;
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Contains_MatchesAByteWiseReference()
    {
        var cases = from prefix in Prefixes
                    from address in prefix.Family == AddressFamily.InterNetwork ? V4 : V6
                    select (prefix, address);
        Prop.ForAll(cases.ToArbitrary(), c => c.prefix.Contains(c.address) == ReferenceContains(c.prefix, c.address))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Overlaps_IsSymmetricAndMeansSharingAnAddress()
    {
        var pairs = from a in Prefixes
                    from b in Prefixes
                    select (a, b);
        Prop.ForAll(pairs.ToArbitrary(), p =>
                p.a.Overlaps(p.b) == p.b.Overlaps(p.a)
                && p.a.Overlaps(p.b) == (p.a.Family == p.b.Family && (p.a.Contains(p.b.Network) || p.b.Contains(p.a.Network))))
            .QuickCheckThrowOnFailure();
    }

    private static UInt128 Offset(IpPrefix prefix, (int High, int Low) seed)
    {
        var random = ((UInt128)(uint)seed.High << 96) | ((UInt128)(uint)seed.Low << 31) | (uint)seed.High;
        return prefix.Size == 0 ? random : random % prefix.Size;
    }

    /// <summary>Compares the first Length bits byte by byte, the textbook way.</summary>
    private static bool ReferenceContains(IpPrefix prefix, IPAddress address)
    {
        var a = prefix.Network.GetAddressBytes();
        var b = address.GetAddressBytes();
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var bit = 0; bit < prefix.Length; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
