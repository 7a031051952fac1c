using System.Text;
using Weft.Cni.Server;

namespace Weft.Cni.Tests.Unit;

public class CniServerTests
{
    [Fact]
    public void Decode_RoleEnvironmentAndStdin()
    {
        var request = Encoding.UTF8.GetBytes("WEFT_CNI_ROLE=ipam\0CNI_COMMAND=ADD\0CNI_ARGS=a=b;c=d\0\0{\"cniVersion\":\"1.0.0\"}");

        var (role, environment, stdin) = CniServer.Decode(request);

        role.ShouldBe(CniRole.Ipam);
        environment.ShouldBe(new Dictionary<string, string> { ["CNI_COMMAND"] = "ADD", ["CNI_ARGS"] = "a=b;c=d" });
        Encoding.UTF8.GetString(stdin).ShouldBe("{\"cniVersion\":\"1.0.0\"}");
    }

    [Fact]
    public void Decode_UnknownRole_IsNull() =>
        CniServer.Decode(Encoding.UTF8.GetBytes("CNI_COMMAND=ADD\0\0{}")).Role.ShouldBeNull();
}
