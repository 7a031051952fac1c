using Weft.Local.Apps;
using Weft.Local.Mesh;

namespace Weft.Local.Tests.Mesh;

public sealed class SidecarProgramTests
{
    private static readonly WeftCommandLine Cli = new("/usr/bin/dotnet", ["/opt/weft/.weft/bin/weft.dll"]);

    [Fact]
    public void Choose_PublishedProxyBesideCliBuild_RunsWeftProxySidecar()
    {
        var program = SidecarProgram.Choose(Cli, null, "/opt/weft/.weft/bin", p => p == "/opt/weft/.weft/proxy/weft-proxy");

        program.FileName.ShouldBe("/opt/weft/.weft/proxy/weft-proxy");
        program.Arguments.ShouldBe(["sidecar"]);
        program.Lean.ShouldBeTrue();
        program.Describe().ShouldBe("weft: sidecar runs the lean weft-proxy: /opt/weft/.weft/proxy/weft-proxy sidecar (published next to the CLI)");
    }

    [Fact]
    public void Choose_ProxyInTheCliDirectory_RunsIt()
    {
        var program = SidecarProgram.Choose(Cli, "", "/opt/weft", p => p == "/opt/weft/weft-proxy");

        program.FileName.ShouldBe("/opt/weft/weft-proxy");
        program.Lean.ShouldBeTrue();
    }

    [Fact]
    public void Choose_ConfiguredBinaryExists_WinsOverTheOnesBesideTheCli()
    {
        var program = SidecarProgram.Choose(Cli, "/ci/weft-proxy", "/opt/weft/.weft/bin", _ => true);

        program.FileName.ShouldBe("/ci/weft-proxy");
        program.Arguments.ShouldBe(["sidecar"]);
        program.Reason.ShouldBe("WEFT_PROXY_BINARY=/ci/weft-proxy");
    }

    [Fact]
    public void Choose_ConfiguredBinaryMissing_FallsBackToTheCliAndSaysWhy()
    {
        var program = SidecarProgram.Choose(Cli, "/ci/weft-proxy", "/opt/weft/.weft/bin", p => p != "/ci/weft-proxy");

        program.FileName.ShouldBe("/usr/bin/dotnet");
        program.Arguments.ShouldBe(["/opt/weft/.weft/bin/weft.dll", "mesh", "sidecar"]);
        program.Lean.ShouldBeFalse();
        program.Describe().ShouldContain("WEFT_PROXY_BINARY=/ci/weft-proxy does not exist");
    }

    [Fact]
    public void Choose_NothingPublished_FallsBackToWeftMeshSidecarNamingWhereItLooked()
    {
        var program = SidecarProgram.Choose(Cli, null, "/opt/weft/.weft/bin", _ => false);

        program.Arguments.ShouldBe(["/opt/weft/.weft/bin/weft.dll", "mesh", "sidecar"]);
        program.Describe().ShouldStartWith("weft: sidecar runs the CLI (framework-dependent): /usr/bin/dotnet /opt/weft/.weft/bin/weft.dll mesh sidecar (no published weft-proxy at /opt/weft/.weft/proxy/weft-proxy or /opt/weft/.weft/bin/weft-proxy");
    }

    [Fact]
    public void SidecarContainer_LeanProgram_IsTheContainerCommand()
    {
        var program = SidecarProgram.Choose(Cli, "/ci/weft-proxy", "/x", _ => true);

        var container = MeshInjection.SidecarContainer(program, "/run/weft.sock", "/pods/a/token", Weft.Mesh.Identity.SpiffeId.ForWorkload("cluster.local", "ns", "sa"), "/pods/a", new Weft.Mesh.Sidecar.RedirectPlan());

        container.Command.ShouldBe(["/ci/weft-proxy", "sidecar"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://10.96.0.20:4318")]
    public void NoSystemTrustStore_PlainOrNoCollector_EmptiesTheSystemStore(string? otlp)
    {
        var env = MeshInjection.NoSystemTrustStore(otlp);

        env.ShouldContain(new Weft.Api.Resources.EnvVar("SSL_CERT_FILE", "/dev/null"));
        env.ShouldContain(new Weft.Api.Resources.EnvVar("SSL_CERT_DIR", "/dev/null"));
    }

    [Fact]
    public void NoSystemTrustStore_HttpsCollector_KeepsTheSystemStore() =>
        MeshInjection.NoSystemTrustStore("https://collector.example:4318").ShouldBeEmpty();
}
