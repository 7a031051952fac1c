using System.CommandLine;
using Weft.Mesh.Standalone;

namespace Weft.Mesh.Tests.Standalone;

public sealed class StandaloneProxyCommandTests
{
    [Fact]
    public async Task BadEndpoints_ExitWithCode2()
    {
        var command = StandaloneProxyCommand.Configure(new RootCommand());

        var exit = await command.Parse(["--listen", "nowhere", "--upstream", "127.0.0.1:1"]).InvokeAsync();

        exit.ShouldBe(2);
    }

    [Fact]
    public async Task MtlsWithoutCertificates_ExitsWithCode2()
    {
        var command = StandaloneProxyCommand.Configure(new RootCommand());

        var exit = await command.Parse(["--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--mtls", "server"]).InvokeAsync();

        exit.ShouldBe(2);
    }

    [Fact]
    public async Task OtlpEndpointThatIsNotAUrl_ExitsWithCode2()
    {
        var command = StandaloneProxyCommand.Configure(new RootCommand());

        var exit = await command.Parse(["--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--otlp-endpoint", "collector:4318 please"]).InvokeAsync();

        exit.ShouldBe(2);
    }

    [Theory]
    [InlineData("127.0.0.1:80", true)]
    [InlineData("[::1]:4191", true)]
    [InlineData("localhost:8080", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("example.com:80", false)]
    public void TryParseEndpoint_AcceptsLiteralAddressesWithPort(string text, bool ok) =>
        ProxyOptions.TryParseEndpoint(text, out _).ShouldBe(ok);

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("24h", 86_400_000)]
    public void TryParseDuration_ReadsUnits(string text, double ms)
    {
        ProxyOptions.TryParseDuration(text, out var d).ShouldBeTrue();
        d.TotalMilliseconds.ShouldBe(ms);
    }
}
