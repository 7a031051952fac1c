using Weft.Cli.Commands.Cluster;

namespace Weft.Cli.Tests.Cluster;

public sealed class PodNamesTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("weft-podnames-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private void Touch(string name) => File.WriteAllText(Path.Combine(directory, name), "");

    [Fact]
    public void Resolve_ExactPodName_WinsOverDeploymentMatch()
    {
        Touch("p-shop_cart");
        Touch("p-shop_cart-bcdfghjklm-bcdfg");

        Path.GetFileName(PodNames.Resolve(directory, "p-shop_", "cart")).ShouldBe("p-shop_cart");
    }

    [Fact]
    public void Resolve_DeploymentName_PicksItsFirstPodInNameOrder()
    {
        Touch("p-shop_frontend-zzzzzzzzzz-bbbbb");
        Touch("p-shop_frontend-bcdfghjklm-ccccc");
        Touch("p-shop_frontend-extra-bcdfghjklm-ccccc");

        Path.GetFileName(PodNames.Resolve(directory, "p-shop_", "frontend")).ShouldBe("p-shop_frontend-bcdfghjklm-ccccc");
    }

    [Fact]
    public void Resolve_UnknownName_IsNull()
    {
        Touch("p-shop_frontend-bcdfghjklm-ccccc");

        PodNames.Resolve(directory, "p-shop_", "front").ShouldBeNull();
        PodNames.Resolve(directory, "p-data_", "frontend").ShouldBeNull();
    }
}
