using System.Text.Json;

namespace Weft.Cli.Tests.Policy;

public sealed class PolicyMatrixCommandTests
{
    [Fact]
    public void Matrix_Json_PrintsContractShapeWithSortedPods()
    {
        using var files = new TempManifests(("cluster.yaml", PolicyCliManifests.Small));
        var run = CliRun.Weft("policy", "matrix", "-f", files.Root, "-o", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.Trim().ShouldBe("""{"port":80,"protocol":"TCP","allowed":{"x/a":{"x/a":true,"x/b":true,"y/c":true},"x/b":{"x/a":true,"x/b":false,"y/c":true},"y/c":{"x/a":true,"x/b":false,"y/c":true}}}""");
    }

    [Fact]
    public void Matrix_PortAndProtocol_AreAppliedAndEchoed()
    {
        using var files = new TempManifests(("cluster.yaml", PolicyCliManifests.Small));
        var run = CliRun.Weft("policy", "matrix", "-f", files.Root, "--port", "53", "--protocol", "UDP", "-o", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("port").GetInt32().ShouldBe(53);
        json.RootElement.GetProperty("protocol").GetString().ShouldBe("UDP");
        json.RootElement.GetProperty("allowed").GetProperty("x/a").GetProperty("x/b").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public void Matrix_StandardInputAndRepeatedFiles_AreCombined()
    {
        using var files = new TempManifests(("pods.yaml", PolicyCliManifests.Small.Split("---\napiVersion: networking.k8s.io/v1")[0]));
        var policy = "apiVersion: networking.k8s.io/v1" + PolicyCliManifests.Small.Split("---\napiVersion: networking.k8s.io/v1")[1];
        var run = CliRun.WeftWithInput(policy, "policy", "matrix", "-f", files.PathOf("pods.yaml"), "-f", "-", "-o", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("allowed").GetProperty("y/c").GetProperty("x/b").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public void Matrix_Table_ShowsEveryPodAndLegendWithoutColourWhenRedirected()
    {
        using var files = new TempManifests(("cluster.yaml", PolicyCliManifests.Small));
        var run = CliRun.Weft("policy", "matrix", "-f", files.Root);
        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.ShouldContain("x/a");
        run.Output.ShouldContain("y/c");
        run.Output.ShouldContain("Legend");
        run.Output.ShouldNotContain("\u001b[");
    }

    [Fact]
    public void Matrix_InvalidManifest_PrintsFileLineColumnFieldAndExits2()
    {
        using var files = new TempManifests(("bad.yaml", PolicyCliManifests.Invalid));
        var run = CliRun.Weft("policy", "matrix", "-f", files.Root, "-o", "json");
        run.ExitCode.ShouldBe(2);
        run.Output.ShouldBeEmpty();
        run.Error.ShouldMatch($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(files.PathOf("bad.yaml"))}:\d+:\d+: spec\.ingress\[0\]\.ports\[0\]\.port: .+$");
    }

    [Fact]
    public void Matrix_BadProtocol_Exits2()
    {
        using var files = new TempManifests(("cluster.yaml", PolicyCliManifests.Small));
        CliRun.Weft("policy", "matrix", "-f", files.Root, "--protocol", "ICMP").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Matrix_ExampleShop_DeniesDatabaseFromFrontend()
    {
        var run = CliRun.Weft("policy", "matrix", "-f", CliRun.Shop, "--port", "5432", "-o", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var allowed = json.RootElement.GetProperty("allowed");
        var postgres = allowed.EnumerateObject().Select(p => p.Name).Single(n => n.StartsWith("data/postgres-", StringComparison.Ordinal));
        foreach (var row in allowed.EnumerateObject())
        {
            var expected = row.Name.StartsWith("shop/cart-", StringComparison.Ordinal) || row.Name.StartsWith("payments/payments-", StringComparison.Ordinal);
            row.Value.GetProperty(postgres).GetBoolean().ShouldBe(expected, row.Name);
        }
    }

    [Fact]
    public void Matrix_NamespaceFilter_KeepsOnlyThosePodsButAllPolicies()
    {
        using var files = new TempManifests(("cluster.yaml", PolicyCliManifests.Small));
        var run = CliRun.Weft("policy", "matrix", "-f", files.Root, "-n", "x", "-o", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.Trim().ShouldBe("""{"port":80,"protocol":"TCP","allowed":{"x/a":{"x/a":true,"x/b":true},"x/b":{"x/a":true,"x/b":false}}}""");
    }
}
