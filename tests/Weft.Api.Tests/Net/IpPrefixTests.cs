using System.Net;
using System.Net.Sockets;
using Weft.Api.Net;

namespace Weft.Api.Tests.Net;

public sealed class IpPrefixTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8", 8)]
    [InlineData("10.1.2.3/8", "10.0.0.0/8", 8)]
    [InlineData("0.0.0.0/0", "0.0.0.0/0", 0)]
    [InlineData("192.168.1.7/32", "192.168.1.7/32", 32)]
    [InlineData("2001:db8::/32", "2001:db8::/32", 32)]
    [InlineData("2001:db8::1/64", "2001:db8::/64", 64)]
    [InlineData("::/0", "::/0", 0)]
    [InlineData("fe80::1/128", "fe80::1/128", 128)]
    [InlineData("::ffff:10.1.2.0/120", "10.1.2.0/24", 24)]
    [InlineData("::ffff:0.0.0.0/96", "0.0.0.0/0", 0)]
    [InlineData("::ffff:10.1.2.3/128", "10.1.2.3/32", 32)]
    [InlineData("::ffff:10.1.2.0/64", "::/64", 64)]
    public void TryParse_ValidCidr_GivesCanonicalPrefix(string text, string canonical, int length)
    {
        IpPrefix.TryParse(text, out var prefix, out var error).ShouldBeTrue(error);

        prefix.ToString().ShouldBe(canonical);
        prefix.Length.ShouldBe(length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/+8")]
    [InlineData("10.0.0.0/ 8")]
    [InlineData("10.0.0/8")]
    [InlineData("10/8")]
    [InlineData("300.0.0.0/8")]
    [InlineData("2001:db8::/129")]
    [InlineData("fe80::1%eth0/64")]
    [InlineData("nonsense/8")]
    [InlineData("10.0.0.0/8/8")]
    public void TryParse_InvalidCidr_FailsWithReason(string? text)
    {
        IpPrefix.TryParse(text, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void TryParse_StrictWithHostBits_FailsAndSuggestsTheNetwork()
    {
        IpPrefix.TryParse("10.1.2.3/16", out _, out var error, strict: true).ShouldBeFalse();
        error.ShouldBe("'10.1.2.3/16' has host bits set; did you mean 10.1.0.0/16?");
        IpPrefix.TryParse("10.1.0.0/16", out _, out _, strict: true).ShouldBeTrue();
    }

    [Fact]
    public void Parse_Invalid_Throws()
    {
        Should.Throw<FormatException>(() => IpPrefix.Parse("10.0.0.0/40"));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.255.255", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("10.0.0.0/8", "9.255.255.255", false)]
    [InlineData("0.0.0.0/0", "255.255.255.255", true)]
    [InlineData("0.0.0.0/0", "::1", false)]
    [InlineData("192.168.1.7/32", "192.168.1.7", true)]
    [InlineData("192.168.1.7/32", "192.168.1.8", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.1.1", true)]
    [InlineData("::ffff:0:0/96", "::ffff:10.1.1.1", true)]
    [InlineData("::/64", "::ffff:10.1.1.1", true)]
    [InlineData("::/64", "10.1.1.1", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::", false)]
    [InlineData("::/0", "fe80::1", true)]
    [InlineData("::/0", "10.0.0.1", false)]
    [InlineData("fe80::1/128", "fe80::1", true)]
    [InlineData("fe80::1/128", "fe80::2", false)]
    public void Contains_Address_FollowsPrefixAndFamily(string prefix, string address, bool expected)
    {
        IpPrefix.Parse(prefix).Contains(IPAddress.Parse(address)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.0.0/16", true)]
    [InlineData("10.0.0.0/8", "10.0.0.0/8", true)]
    [InlineData("10.1.0.0/16", "10.0.0.0/8", false)]
    [InlineData("10.0.0.0/8", "11.0.0.0/16", false)]
    [InlineData("0.0.0.0/0", "1.2.3.4/32", true)]
    [InlineData("0.0.0.0/0", "::/0", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::/48", true)]
    public void Contains_Prefix_IsSubsetRelation(string outer, string inner, bool expected)
    {
        IpPrefix.Parse(outer).Contains(IpPrefix.Parse(inner)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.0.0/16", true)]
    [InlineData("10.1.0.0/16", "10.0.0.0/8", true)]
    [InlineData("10.0.0.0/16", "10.1.0.0/16", false)]
    [InlineData("10.0.0.0/8", "fd00::/8", false)]
    [InlineData("::/0", "fd00::/8", true)]
    public void Overlaps_IsSymmetricContainment(string a, string b, bool expected)
    {
        IpPrefix.Parse(a).Overlaps(IpPrefix.Parse(b)).ShouldBe(expected);
    }

    [Fact]
    public void Size_CountsAddressesForEveryLength()
    {
        IpPrefix.Parse("0.0.0.0/0").Size.ShouldBe((UInt128)1 << 32);
        IpPrefix.Parse("10.0.0.0/24").Size.ShouldBe((UInt128)256);
        IpPrefix.Parse("10.0.0.1/32").Size.ShouldBe(UInt128.One);
        IpPrefix.Parse("::/0").Size.ShouldBe(UInt128.MaxValue, "2^128 does not fit; it saturates");
        IpPrefix.Parse("::/1").Size.ShouldBe(UInt128.One << 127);
        IpPrefix.Parse("::1/128").Size.ShouldBe(UInt128.One);
    }

    [Fact]
    public void NetworkAndLast_AreTheRangeEnds()
    {
        var v4 = IpPrefix.Parse("10.244.1.0/24");
        v4.Network.ShouldBe(IPAddress.Parse("10.244.1.0"));
        v4.Last.ShouldBe(IPAddress.Parse("10.244.1.255"));
        var v6 = IpPrefix.Parse("fd00:1::/64");
        v6.Last.ShouldBe(IPAddress.Parse("fd00:1::ffff:ffff:ffff:ffff"));
        IpPrefix.Parse("0.0.0.0/0").Last.ShouldBe(IPAddress.Parse("255.255.255.255"));
    }

    [Fact]
    public void AddressAt_CountsFromTheNetworkAddress()
    {
        var prefix = IpPrefix.Parse("10.244.1.0/24");

        prefix.AddressAt(0).ShouldBe(IPAddress.Parse("10.244.1.0"));
        prefix.AddressAt(10).ShouldBe(IPAddress.Parse("10.244.1.10"));
        prefix.AddressAt(255).ShouldBe(IPAddress.Parse("10.244.1.255"));
        Should.Throw<ArgumentOutOfRangeException>(() => prefix.AddressAt(256));
    }

    [Fact]
    public void AddressAt_WorksForIpv6AndHostPrefixes()
    {
        IpPrefix.Parse("fd00::/64").AddressAt(0x1_0000).ShouldBe(IPAddress.Parse("fd00::1:0"));
        IpPrefix.Parse("10.0.0.7/32").AddressAt(0).ShouldBe(IPAddress.Parse("10.0.0.7"));
        Should.Throw<ArgumentOutOfRangeException>(() => IpPrefix.Parse("10.0.0.7/32").AddressAt(1));
        IpPrefix.Parse("::1/128").AddressAt(0).ShouldBe(IPAddress.IPv6Loopback);
        IpPrefix.Parse("::/0").AddressAt(UInt128.MaxValue).ShouldBe(IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        IpPrefix.Parse("::/0").Last.ShouldBe(IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    }

    [Fact]
    public void OffsetOf_InvertsAddressAt()
    {
        var prefix = IpPrefix.Parse("10.96.0.0/16");

        prefix.OffsetOf(IPAddress.Parse("10.96.0.10")).ShouldBe((UInt128)10);
        prefix.OffsetOf(IPAddress.Parse("::ffff:10.96.1.0")).ShouldBe((UInt128)256);
        Should.Throw<ArgumentOutOfRangeException>(() => prefix.OffsetOf(IPAddress.Parse("10.97.0.0")));
    }

    [Fact]
    public void Subnet_SplitsIntoEqualBlocks()
    {
        var cluster = IpPrefix.Parse("10.244.0.0/16");

        cluster.Subnet(24, 0).ToString().ShouldBe("10.244.0.0/24");
        cluster.Subnet(24, 3).ToString().ShouldBe("10.244.3.0/24");
        cluster.Subnet(24, 255).ToString().ShouldBe("10.244.255.0/24");
        cluster.Subnet(16, 0).ShouldBe(cluster);
        Should.Throw<ArgumentOutOfRangeException>(() => cluster.Subnet(24, 256));
        Should.Throw<ArgumentOutOfRangeException>(() => cluster.Subnet(8, 0));
        Should.Throw<ArgumentOutOfRangeException>(() => cluster.Subnet(33, 0));
    }

    [Fact]
    public void Subnet_WorksForIpv6AndTheWholeSpace()
    {
        IpPrefix.Parse("fd00::/48").Subnet(64, 2).ToString().ShouldBe("fd00:0:0:2::/64");
        IpPrefix.Parse("::/0").Subnet(1, 1).ToString().ShouldBe("8000::/1");
        IpPrefix.Parse("::/0").Subnet(0, 0).ToString().ShouldBe("::/0");
        IpPrefix.Parse("::/0").Subnet(128, UInt128.MaxValue).ToString().ShouldBe("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
        IpPrefix.Parse("0.0.0.0/0").Subnet(32, uint.MaxValue).ToString().ShouldBe("255.255.255.255/32");
    }

    [Fact]
    public void Host_IsAFullLengthPrefix()
    {
        IpPrefix.Host(IPAddress.Parse("10.0.0.1")).ToString().ShouldBe("10.0.0.1/32");
        IpPrefix.Host(IPAddress.Parse("fd00::1")).ToString().ShouldBe("fd00::1/128");
    }

    [Fact]
    public void Create_MasksHostBitsAndRejectsBadLengths()
    {
        IpPrefix.Create(IPAddress.Parse("10.1.2.3"), 8).ToString().ShouldBe("10.0.0.0/8");
        IpPrefix.Create(IPAddress.Parse("10.1.2.3"), 0).ToString().ShouldBe("0.0.0.0/0");
        Should.Throw<ArgumentOutOfRangeException>(() => IpPrefix.Create(IPAddress.Parse("10.1.2.3"), 33));
        Should.Throw<ArgumentOutOfRangeException>(() => IpPrefix.Create(IPAddress.Parse("::1"), 129));
        Should.Throw<ArgumentOutOfRangeException>(() => IpPrefix.Create(IPAddress.Parse("::1"), -1));
    }

    [Fact]
    public void Equality_IsByCanonicalValue()
    {
        IpPrefix.Parse("10.1.2.3/8").ShouldBe(IpPrefix.Parse("10.0.0.0/8"));
        IpPrefix.Parse("10.0.0.0/8").ShouldNotBe(IpPrefix.Parse("10.0.0.0/9"));
        IpPrefix.Parse("::/0").ShouldNotBe(IpPrefix.Parse("0.0.0.0/0"));
        IpPrefix.Parse("::ffff:10.0.0.0/104").Family.ShouldBe(AddressFamily.InterNetwork);
    }
}
