using System.Text.Json;

namespace Weft.Cli.Tests.Policy;

public sealed class PolicyCheckCommandTests
{
    [Fact]
    public void Check_Allowed_Exits0AndExplains()
    {
        using var files = new TempManifests(("cluster.yaml", PolicyCliManifests.Small));
        var run = CliRun.Weft("policy", "check", "-f", files.Root, "--from", "x/a", "--to", "x/b", "--port", "80");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.ShouldContain("ALLOWED");
        run.Output.ShouldContain("x/b-from-a");
    }

    [Fact]
    public void Check_Denied_Exits1()
    {
        using var files = new TempManifests(("cluster.yaml", PolicyCliManifests.Small));
        var run = CliRun.Weft("policy", "check", "-f", files.Root, "--from", "y/c", "--to", "x/b", "--port", "80");
        run.ExitCode.ShouldBe(1);
        run.Output.ShouldContain("DENIED");
    }

    [Fact]
    public void Check_Json_GivesVerdictAndBothDirections()
    {
        using var files = new TempManifests(("cluster.yaml", PolicyCliManifests.Small));
        var run = CliRun.Weft("policy", "check", "-f", files.Root, "--from", "x/a", "--to", "x/b", "--port", "80", "-o", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        root.GetProperty("allowed").GetBoolean().ShouldBeTrue();
        root.GetProperty("from").GetString().ShouldBe("x/a");
        root.GetProperty("to").GetString().ShouldBe("x/b");
        root.GetProperty("port").GetInt32().ShouldBe(80);
        root.GetProperty("protocol").GetString().ShouldBe("TCP");
        var ingress = root.GetProperty("ingress");
        ingress.GetProperty("isolated").GetBoolean().ShouldBeTrue();
        ingress.GetProperty("decidedBy").GetString().ShouldBe("NetworkPolicy");
        ingress.GetProperty("match").GetProperty("policy").GetString().ShouldBe("x/b-from-a");
        ingress.GetProperty("match").GetProperty("ruleIndex").GetInt32().ShouldBe(0);
        root.GetProperty("egress").GetProperty("decidedBy").GetString().ShouldBe("Default");
    }

    [Fact]
    public void Check_FromExternalAddress_ChecksOnlyIngress()
    {
        using var files = new TempManifests(("cluster.yaml", PolicyCliManifests.Small));
        var run = CliRun.Weft("policy", "check", "-f", files.Root, "--from", "198.51.100.1", "--to", "x/b", "--port", "80", "-o", "json");
        run.ExitCode.ShouldBe(1);
        using var json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("egress").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public void Check_UnknownPod_Exits2WithClearMessage()
    {
        using var files = new TempManifests(("cluster.yaml", PolicyCliManifests.Small));
        var run = CliRun.Weft("policy", "check", "-f", files.Root, "--from", "x/nope", "--to", "x/b", "--port", "80");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("unknown pod 'x/nope'");
    }

    [Fact]
    public void Check_InvalidManifest_PrintsDiagnosticAndExits2()
    {
        using var files = new TempManifests(("cluster.yaml", PolicyCliManifests.Small), ("bad.yaml", PolicyCliManifests.Invalid));
        var run = CliRun.Weft("policy", "check", "-f", files.Root, "--from", "x/a", "--to", "x/b", "--port", "80");
        run.ExitCode.ShouldBe(2);
        run.Output.ShouldBeEmpty();
        run.Error.ShouldMatch(@"bad\.yaml:\d+:\d+: spec\.ingress\[0\]\.ports\[0\]\.port: ");
    }

    [Theory]
    [InlineData("--port", "0")]
    [InlineData("--port", "http")]
    [InlineData("--protocol", "ICMP")]
    public void Check_BadOption_Exits2(string option, string value)
    {
        using var files = new TempManifests(("cluster.yaml", PolicyCliManifests.Small));
        var args = new List<string> { "policy", "check", "-f", files.Root, "--from", "x/a", "--to", "x/b", "--port", "80" };
        var index = args.IndexOf(option);
        if (index >= 0)
        {
            args[index + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        CliRun.Weft([.. args]).ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Check_MissingRequiredOption_Exits2()
    {
        using var files = new TempManifests(("cluster.yaml", PolicyCliManifests.Small));
        var run = CliRun.Weft("policy", "check", "-f", files.Root, "--from", "x/a", "--port", "80");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("--to");
    }

    [Fact]
    public void Check_DeploymentName_ResolvesToItsFirstPod()
    {
        var run = CliRun.Weft("policy", "check", "-f", CliRun.Shop, "--from", "shop/cart", "--to", "data/postgres", "--port", "5432", "-o", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("from").GetString()!.ShouldStartWith("shop/cart-");
    }

    [Fact]
    public void Check_Help_DescribesExitCodesAndExamples()
    {
        var run = CliRun.Weft("policy", "check", "--help");
        run.ExitCode.ShouldBe(0);
        run.Output.ShouldContain("Exit status");
        run.Output.ShouldContain("Examples:");
        run.Output.ShouldContain("--protocol");
    }
}
