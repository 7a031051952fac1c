using System.Net;
using Weft.Cni.Ipam;
using Weft.Cni.Spec;

namespace Weft.Cni.Tests.Unit;

public class IpamConfigParserTests
{
    private static (IpamConfig? Config, CniError? Error) Parse(string ipam) =>
        IpamConfigParser.Parse(Json.Parse($$"""{"cniVersion":"1.0.0","name":"net1","type":"weft","ipam":{{ipam}}}"""));

    [Fact]
    public void Parse_TopLevelSubnet_DefaultsLikeHostLocal()
    {
        var (config, error) = Parse("""{"type":"weft-ipam","subnet":"10.244.1.0/24"}""");

        error.ShouldBeNull();
        var range = config!.RangeSets.ShouldHaveSingleItem().ShouldHaveSingleItem();
        range.Start.ShouldBe(IPAddress.Parse("10.244.1.1"));
        range.End.ShouldBe(IPAddress.Parse("10.244.1.254"));
        range.Gateway.ShouldBe(IPAddress.Parse("10.244.1.1"));
        config.DataDir.ShouldBe(IpamConfig.DefaultDataDir);
        config.NetworkName.ShouldBe("net1");
    }

    [Fact]
    public void Parse_RangesWithStartEndGatewayRoutesDataDir_AreHonoured()
    {
        var (config, error) = Parse("""
            {"type":"host-local","ranges":[[{"subnet":"10.1.0.0/16","rangeStart":"10.1.2.10","rangeEnd":"10.1.2.20","gateway":"10.1.0.254"}],
             [{"subnet":"fd00::/120"}]],
             "routes":[{"dst":"0.0.0.0/0"},{"dst":"192.168.0.0/16","gw":"10.1.0.254"}],
             "dataDir":"/tmp/x","resolvConf":"/etc/resolv.conf"}
            """);

        error.ShouldBeNull();
        config!.RangeSets.Count.ShouldBe(2);
        config.RangeSets[0][0].Start.ShouldBe(IPAddress.Parse("10.1.2.10"));
        config.RangeSets[0][0].End.ShouldBe(IPAddress.Parse("10.1.2.20"));
        config.RangeSets[0][0].Gateway.ShouldBe(IPAddress.Parse("10.1.0.254"));
        config.RangeSets[1][0].End.ShouldBe(IPAddress.Parse("fd00::ff"), "IPv6 has no broadcast address to skip");
        config.Routes.Count.ShouldBe(2);
        config.Routes[1].Gateway.ShouldBe(IPAddress.Parse("10.1.0.254"));
        config.DataDir.ShouldBe("/tmp/x");
    }

    [Theory]
    [InlineData("""{"type":"weft-ipam"}""", "no ranges")]
    [InlineData("""{"type":"weft-ipam","subnet":"10.0.0.0"}""", "ipam.subnet")]
    [InlineData("""{"type":"weft-ipam","subnet":"10.0.0.0/24","rangeStart":"10.0.1.5"}""", "outside subnet")]
    [InlineData("""{"type":"weft-ipam","subnet":"10.0.0.0/24","rangeStart":"10.0.0.9","rangeEnd":"10.0.0.5"}""", "after rangeEnd")]
    [InlineData("""{"type":"weft-ipam","ranges":[[{"subnet":"10.0.0.0/24"}],[{"subnet":"10.0.0.0/25"}]]}""", "overlaps")]
    [InlineData("""{"type":"weft-ipam","ranges":[[{"subnet":"10.0.0.0/24"},{"subnet":"fd00::/64"}]]}""", "same address family")]
    [InlineData("""{"type":"weft-ipam","subnet":"10.0.0.0/24","dataDir":"relative"}""", "absolute")]
    [InlineData("""{"type":"weft-ipam","subnet":"10.0.0.0/24","routes":[{"dst":"x"}]}""", "routes[0].dst")]
    public void Parse_InvalidConfig_IsCode7WithFieldPath(string ipam, string expected)
    {
        var (config, error) = Parse(ipam);

        config.ShouldBeNull();
        error!.Code.ShouldBe(CniErrorCode.InvalidConfig);
        error.Message.ShouldContain(expected);
    }
}
