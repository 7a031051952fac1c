using System.Diagnostics;
using Weft.Mesh.Sidecar;

namespace Weft.Mesh.Tests.Sidecar;

public sealed class RedirectRulesTests
{
    [Fact]
    public void Render_RedirectsInboundExceptProxyAdminAndSkippedPorts()
    {
        var script = RedirectRules.Render(new RedirectPlan { SkipInboundPorts = [22] });

        script.ShouldContain("tcp dport { 22, 4140, 4143, 4191 } return");
        script.ShouldContain("meta l4proto tcp redirect to :4143");
    }

    [Fact]
    public void Render_OutboundSkipsProxyOwnTrafficLoopbackAndSkippedPorts()
    {
        var script = RedirectRules.Render(new RedirectPlan { ProxyUid = 2102, SkipOutboundPorts = [5432] });

        script.ShouldContain("meta mark 0x4d5754 return");
        script.ShouldContain("meta skuid 2102 return");
        script.ShouldContain("oifname \"lo\" return");
        script.ShouldContain("tcp dport 5432 return");
        script.ShouldContain("meta l4proto tcp redirect to :4140");
        // Own-traffic exemptions come before the redirect, or the proxy would loop into itself.
        script.IndexOf("meta mark", StringComparison.Ordinal).ShouldBeLessThan(script.IndexOf("redirect to :4140", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_RecreatesTableInOneTransaction()
    {
        var lines = RedirectRules.Render(new RedirectPlan()).Split('\n');

        lines[0].ShouldBe("table inet weft_mesh {}");
        lines[1].ShouldBe("delete table inet weft_mesh");
    }

    [Fact]
    public void ParsePorts_ReadsListsAndRanges_AndReportsBadEntries()
    {
        var (ports, errors) = SidecarAnnotations.ParsePorts(SidecarAnnotations.SkipInboundPorts, "22, 8080-8082,x,70000");

        ports.ShouldBe([22, 8080, 8081, 8082]);
        errors.ShouldBe(["weft.io/skip-inbound-ports: 'x' is not a port or port range (1-65535)", "weft.io/skip-inbound-ports: '70000' is not a port or port range (1-65535)"]);
    }

    [Theory]
    [InlineData("enabled", null, true)]
    [InlineData("disabled", "enabled", false)]
    [InlineData(null, "enabled", true)]
    [InlineData(null, null, false)]
    public void ShouldInject_PodAnnotationWinsOverNamespace(string? pod, string? ns, bool expected)
    {
        Dictionary<string, string>? Map(string? v) => v is null ? null : new() { [SidecarAnnotations.Inject] = v };

        SidecarAnnotations.ShouldInject(Map(pod), Map(ns)).ShouldBe(expected);
    }

    [Fact]
    public async Task Render_IsAcceptedByNftInAScratchNetworkNamespace()
    {
        // Privileged (CI runs as root): a namespace of our own, checked with nft -c, then removed.
        var ns = "wtmesh-" + Guid.NewGuid().ToString("N")[..8];
        (await Run("ip", $"netns add {ns}")).ShouldBe(0);
        try
        {
            var script = RedirectRules.Render(new RedirectPlan { ProxyUid = 2102, SkipInboundPorts = [22], SkipOutboundPorts = [5432, 6379] });
            (await Run("ip", $"netns exec {ns} nft -c -f -", script)).ShouldBe(0);
        }
        finally
        {
            await Run("ip", $"netns delete {ns}");
        }
    }

    private static async Task<int> Run(string file, string args, string? stdin = null)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true })!;
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) Console.Error.WriteLine($"{file} {args}: {err}");
        return p.ExitCode;
    }
}
