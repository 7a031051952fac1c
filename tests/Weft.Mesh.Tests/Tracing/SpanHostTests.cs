using Weft.Mesh.Tracing;

namespace Weft.Mesh.Tests.Tracing;

public sealed class SpanHostTests
{
    [Theory]
    [InlineData("cart.shop.svc:8080", "cart.shop.svc", 8080)]
    [InlineData("cart.shop.svc", "cart.shop.svc", null)]
    [InlineData("[fd00::5]:443", "[fd00::5]", 443)]
    [InlineData("[fd00::5]", "[fd00::5]", null)]
    [InlineData("host:notaport", "host", null)]
    public void SplitHost_HostHeader_GivesServerAddressAndPort(string header, string host, int? port)
    {
        ProxyTracing.SplitHost(header).ShouldBe((host, port));
    }
}
