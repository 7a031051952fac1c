using Weft.Api.Resources;
using Weft.Local.Apps;

namespace Weft.Local.Tests.Apps;

public sealed class ContainerEnvironmentTests
{
    [Fact]
    public void Build_SetsIdentityDefaultsAndLetsContainerEnvWin()
    {
        var container = new Container { Name = "c", Env = [new EnvVar("PATH", "/custom"), new EnvVar("COLOR", "blue")] };

        var env = ContainerEnvironment.Build("shop", "cart-0", "node2", "10.244.2.9", container, System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("WEFT_PORTS", "http:80"));

        env["WEFT_POD_NAME"].ShouldBe("cart-0");
        env["WEFT_POD_NAMESPACE"].ShouldBe("shop");
        env["WEFT_NODE_NAME"].ShouldBe("node2");
        env["WEFT_POD_IP"].ShouldBe("10.244.2.9");
        env["HOSTNAME"].ShouldBe("cart-0");
        env["PATH"].ShouldBe("/custom");
        env["COLOR"].ShouldBe("blue");
        env["WEFT_PORTS"].ShouldBe("http:80");
        env["DOTNET_GCgen0size"].ShouldBe("0x200000");
    }
}
