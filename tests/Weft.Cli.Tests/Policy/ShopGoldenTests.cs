namespace Weft.Cli.Tests.Policy;

/// <summary>
/// Scenario tests: examples/shop in, matrix JSON out, compared with reviewed golden files in
/// Policy/testdata/shop/. Set WEFT_UPDATE_GOLDEN=1 to regenerate them, then review the diff.
/// Generated pod names (<c>&lt;deployment&gt;-&lt;template hash&gt;-&lt;suffix&gt;</c>) change whenever the pod
/// template's serialized form does (for example when PodSpec gains a field), so they are replaced by
/// <c>&lt;deployment&gt;-N</c>, N counting that deployment's pods in sorted order.
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
        var output = NormalizePodNames(run.Output);
        var golden = Path.Combine(SourceDirectory(), "testdata", "shop", $"matrix-{protocol.ToLowerInvariant()}-{port}.json");
        if (Environment.GetEnvironmentVariable("WEFT_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, output);
        }

        output.ShouldBe(File.ReadAllText(golden));
    }

    private static string NormalizePodNames(string json)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var perDeployment = new Dictionary<string, int>(StringComparer.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(json, "\"([a-z0-9-]+/[a-z0-9-]+?)-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}\"", match =>
        {
            var full = match.Value;
            if (!names.TryGetValue(full, out var replacement))
            {
                var deployment = match.Groups[1].Value;
                perDeployment[deployment] = perDeployment.GetValueOrDefault(deployment) + 1;
                replacement = $"\"{deployment}-{perDeployment[deployment]}\"";
                names[full] = replacement;
            }

            return replacement;
        });
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
