using Weft.Cli.Tests.Policy;

namespace Weft.Cli.Tests.Mesh;

/// <summary><c>weft stat|top|check</c>: bad input exits 2 before any cluster is touched; no cluster exits 1.</summary>
public sealed class MeshCommandsTests
{
    [Theory]
    [InlineData("stat", "replicaset")]
    [InlineData("stat", "--window", "0")]
    [InlineData("stat", "-o", "yaml")]
    [InlineData("top", "--interval", "0")]
    [InlineData("top", "--max", "0")]
    public void BadInput_ExitsTwo(params string[] args)
    {
        CliRun.Weft([.. args, "--cluster", "wtmeshclinone"]).ExitCode.ShouldBe(2);
    }

    [Theory]
    [InlineData("stat")]
    [InlineData("top", "--once")]
    [InlineData("check")]
    public void NoRunningCluster_ExitsOne(params string[] args)
    {
        CliRun.Weft([.. args, "--cluster", "wtmeshclinone"]).ExitCode.ShouldBe(1);
    }

    [Fact]
    public void MeshGroup_HasNoSecondStatOrCheck()
    {
        var mesh = WeftCommand.Build().Subcommands.Single(c => c.Name == "mesh");

        mesh.Subcommands.Select(c => c.Name).ShouldNotContain("stat");
        mesh.Subcommands.Select(c => c.Name).ShouldNotContain("check");
        WeftCommand.Build().Subcommands.Select(c => c.Name).ShouldContain("top");
    }
}
