namespace Weft.Cli.Tests.Policy;

/// <summary>
/// Scenario tests: examples/shop in, matrix JSON out, compared with reviewed golden files in
/// Policy/testdata/shop/. Set WEFT_UPDATE_GOLDEN=1 to regenerate them, then review the diff.
/// </summary>
public sealed class ShopGoldenTests
{
    [Theory]
    [InlineData(80, "TCP")]
    [InlineData(5432, "TCP")]
    [InlineData(9090, "TCP")]
    [InlineData(443, "TCP")]
    public void Matrix_ExampleShop_MatchesGolden(int port, string protocol)
    {
        var run = CliRun.Weft("policy", "matrix", "-f", CliRun.Shop, "--port", port.ToString(), "--protocol", protocol, "-o", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        var golden = Path.Combine(SourceDirectory(), "testdata", "shop", $"matrix-{protocol.ToLowerInvariant()}-{port}.json");
        if (Environment.GetEnvironmentVariable("WEFT_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, run.Output);
        }

        run.Output.ShouldBe(File.ReadAllText(golden));
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
