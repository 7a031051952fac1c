using System.Diagnostics;
using Weft.Local.Tests.Cluster;
using Weft.Local.Tests.Services;

namespace Weft.Local.Tests.Policy;

/// <summary>
/// Privileged end-to-end test of the policy datapath in a real local cluster (needs root): `weft apply` of a
/// NetworkPolicy reaches every node's agent, which programs <c>inet weft-policy</c>; real probes between pods on
/// different nodes stop and resume as the policy is applied and deleted.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed class PolicyEnforcementTests
{
    private const string DenyIngress = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-ingress, namespace: demo}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        """;

    [Fact]
    public async Task ApplyAndDelete_DenyIngressPolicy_BlocksThenRestoresCrossNodeTraffic()
    {
        await using var cluster = new LocalClusterFixture();
        var up = await cluster.RunAsync("up", "-f", Manifests.Write(Manifests.Echo("web", 2)));
        up.ExitCode.ShouldBe(0, up.ToString());
        var pods = await cluster.WaitForPodsAsync(p => p.Count == 2 && p.All(x => x.Ready));
        var (from, to) = (pods[0], pods[1]);
        (await cluster.ProbeFromAsync(from, "tcp", $"{to.Ip}:80")).ExitCode.ShouldBe(0);

        var policy = Manifests.Write(DenyIngress);
        (await cluster.RunAsync("apply", "-f", policy)).ExitCode.ShouldBe(0);
        await PodShell.EventuallyAsync(async () => (await cluster.ProbeFromAsync(from, "tcp", $"{to.Ip}:80")).ExitCode != 0, "TCP blocked by the policy");
        (await cluster.ProbeFromAsync(from, "udp", $"{to.Ip}:81")).ExitCode.ShouldNotBe(0, "UDP blocked too");
        var table = await NftListAsync($"{cluster.Prefix}{to.Node}");
        table.ShouldContain("weft:D:", Case.Sensitive, "drops are logged with the deciding rule");

        (await cluster.RunAsync("delete", "-f", policy)).ExitCode.ShouldBe(0);
        await PodShell.EventuallyAsync(async () => (await cluster.ProbeFromAsync(from, "tcp", $"{to.Ip}:80")).ExitCode == 0, "TCP allowed again");
    }

    private static async Task<string> NftListAsync(string netns)
    {
        using var process = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", netns, "nft", "list", "table", "inet", "weft-policy"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output + await process.StandardError.ReadToEndAsync();
    }
}
