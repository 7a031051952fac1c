using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Weft.Api.Net;
using Weft.Cni.Ipam;

namespace Weft.Cni.Tests.Unit;

public class AllocatorTests
{
    private static IpamRange Range(string subnet, string start, string end, string? gateway) =>
        new(IpPrefix.Parse(subnet), IPAddress.Parse(start), IPAddress.Parse(end), gateway is null ? null : IPAddress.Parse(gateway));

    [Fact]
    public void Next_EmptyRange_SkipsGateway()
    {
        var set = new[] { Range("10.0.0.0/24", "10.0.0.1", "10.0.0.254", "10.0.0.1") };

        Allocator.Next(set, _ => false, null).ShouldBe(IPAddress.Parse("10.0.0.2"));
    }

    [Fact]
    public void Next_AfterLastReserved_GoesRoundRobinAndWraps()
    {
        var set = new[] { Range("10.0.0.0/29", "10.0.0.1", "10.0.0.6", "10.0.0.1") };

        Allocator.Next(set, _ => false, IPAddress.Parse("10.0.0.3")).ShouldBe(IPAddress.Parse("10.0.0.4"));
        Allocator.Next(set, _ => false, IPAddress.Parse("10.0.0.6")).ShouldBe(IPAddress.Parse("10.0.0.2"));
    }

    [Fact]
    public void Next_FirstRangeFull_MovesToNextRangeOfSet()
    {
        var set = new[] { Range("10.0.0.0/30", "10.0.0.1", "10.0.0.2", null), Range("10.0.1.0/30", "10.0.1.1", "10.0.1.2", null) };
        var used = new HashSet<IPAddress> { IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2") };

        Allocator.Next(set, used.Contains, null).ShouldBe(IPAddress.Parse("10.0.1.1"));
    }

    [Fact]
    public void Next_AllUsed_ReturnsNull()
    {
        var set = new[] { Range("10.0.0.0/29", "10.0.0.2", "10.0.0.4", "10.0.0.1") };
        var used = new HashSet<IPAddress> { IPAddress.Parse("10.0.0.2"), IPAddress.Parse("10.0.0.3"), IPAddress.Parse("10.0.0.4") };

        Allocator.Next(set, used.Contains, IPAddress.Parse("10.0.0.3")).ShouldBeNull();
    }

    [Fact]
    public void Next_Ipv6Range_Allocates()
    {
        var set = new[] { Range("fd00::/64", "fd00::1", "fd00::ffff:ffff:ffff:ffff", "fd00::1") };

        Allocator.Next(set, _ => false, null).ShouldBe(IPAddress.Parse("fd00::2"));
    }

    [Fact]
    public void Next_AnyUsedSet_ReturnsFreeInRangeAddressOrNullOnlyWhenFull()
    {
        var range = Range("10.9.0.0/28", "10.9.0.1", "10.9.0.14", "10.9.0.1");
        Prop.ForAll(
            Gen.ListOf(Gen.Choose(1, 14)).ToArbitrary(),
            Gen.Choose(0, 15).ToArbitrary(),
            (usedOffsets, last) =>
            {
                var used = usedOffsets.Select(o => IPAddress.Parse($"10.9.0.{o}")).ToHashSet();
                var next = Allocator.Next([range], used.Contains, last == 0 ? null : IPAddress.Parse($"10.9.0.{last}"));
                var free = Enumerable.Range(2, 13).Count(o => !used.Contains(IPAddress.Parse($"10.9.0.{o}")));
                return next is null
                    ? free == 0
                    : range.Contains(next) && !used.Contains(next) && !next.Equals(range.Gateway);
            }).QuickCheckThrowOnFailure();
    }
}
