using System.Net;
using Weft.Api.Net;
using Weft.Cni.Spec;

namespace Weft.Cni.Tests.Unit;

public class CniJsonTests
{
    private static readonly CniResult Result = new()
    {
        Interfaces = [new CniInterface("weft0", "ee:ee:ee:ee:ee:ee"), new CniInterface("eth0", "0a:58:00:00:00:01", "/var/run/netns/p")],
        Ips = [new CniIpConfig(new CidrAddress(IPAddress.Parse("10.0.0.2"), 32), IPAddress.Parse("169.254.1.1"), 1)],
        Routes = [new CniRoute(IpPrefix.Parse("0.0.0.0/0"), IPAddress.Parse("169.254.1.1"))],
    };

    [Fact]
    public void WriteResult_V040_HasIpVersion()
    {
        var json = Json.Parse(CniJson.WriteResult(Result, "0.4.0"));

        json.GetProperty("cniVersion").GetString().ShouldBe("0.4.0");
        json.GetProperty("ips")[0].GetProperty("version").GetString().ShouldBe("4");
    }

    [Fact]
    public void WriteResult_V100_HasNoIpVersion()
    {
        var json = Json.Parse(CniJson.WriteResult(Result, "1.0.0"));

        json.GetProperty("ips")[0].TryGetProperty("version", out _).ShouldBeFalse();
        json.GetProperty("ips")[0].GetProperty("interface").GetInt32().ShouldBe(1);
        json.GetProperty("interfaces")[1].GetProperty("sandbox").GetString().ShouldBe("/var/run/netns/p");
    }

    [Theory]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void WriteThenRead_RoundTrips(string version)
    {
        CniJson.TryReadResult(Json.Parse(CniJson.WriteResult(Result, version)), out var read, out var error).ShouldBeTrue(error);

        read!.Interfaces.ShouldBe(Result.Interfaces);
        read.Ips.ShouldBe(Result.Ips);
        read.Routes.ShouldBe(Result.Routes);
    }

    [Fact]
    public void WriteError_HasCodeMsgDetails()
    {
        var json = Json.Parse(CniJson.WriteError(new CniError(CniErrorCode.InvalidConfig, "bad 'x'", "why"), "1.0.0"));

        json.GetProperty("code").GetInt32().ShouldBe(7);
        json.GetProperty("msg").GetString().ShouldBe("bad 'x'");
        json.GetProperty("details").GetString().ShouldBe("why");
    }

    [Fact]
    public void WriteVersion_ListsEverySupportedVersion()
    {
        var json = Json.Parse(CniJson.WriteVersion("1.1.0"));

        json.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()).ShouldBe(["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]);
    }
}
