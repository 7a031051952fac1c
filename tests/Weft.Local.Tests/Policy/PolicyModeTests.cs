using Weft.Local.Daemon;
using Weft.Local.Tests.Cluster;
using Weft.Local.Tests.Flows;
using Weft.Local.Tests.Services;

namespace Weft.Local.Tests.Policy;

/// <summary>
/// Privileged end-to-end test of the default-deny rollout in a real local cluster (needs root): a denied pair is
/// DROPPED and <c>weft observe</c> names the deciding tier, policy and rule; <c>weft policy mode audit</c> lets the
/// same pair connect while <c>weft observe --verdict AUDIT</c> still names the rule; <c>enforce</c> drops it again.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed class PolicyModeTests
{
    private const string Policies = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: flows}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-from-alpha, namespace: flows}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
          - from: [{podSelector: {matchLabels: {app: alpha}}}]
            ports: [{port: 80}]
        """;

    [Fact]
    public async Task PolicyMode_AuditThenEnforce_DeniedPairIsDroppedThenAuditedThenDroppedAgain_AndFlowsNameTheDefaultDeny()
    {
        await using var cluster = new LocalClusterFixture();
        var up = await cluster.RunAsync("up", "-f", Cluster.Manifests.Write(FlowManifests.Demo));
        up.ExitCode.ShouldBe(0, up.ToString());
        up.Stdout.ShouldContain("policy mode enforce");
        var pods = await cluster.WaitForPodsAsync(p => p.Count == 4 && p.All(x => x.Ready));
        var beta = pods.Single(p => p.Name == "beta");
        var web = pods.Where(p => p.Name.StartsWith("web-", StringComparison.Ordinal)).OrderBy(p => p.Node == beta.Node).First();
        var target = $"{web.Ip}:80";
        var alphaShell = new PodShell(cluster, "alpha", FlowManifests.Namespace);
        var betaShell = new PodShell(cluster, "beta", FlowManifests.Namespace);
        (await cluster.RunAsync("apply", "-f", Cluster.Manifests.Write(Policies))).ExitCode.ShouldBe(0);

        // Enforce (the default): beta -> web is denied by default-deny; alpha -> web is allowed.
        await PodShell.EventuallyAsync(async () => (await betaShell.ProbeAsync("tcp", target)).ExitCode != 0, "beta -> web dropped");
        (await alphaShell.ProbeAsync("tcp", target)).ExitCode.ShouldBe(0, "the allow still lets alpha in");
        var dropped = await DecidedAsync(cluster, "DROPPED", web);
        dropped.Rule("tier").ShouldBe("NetworkPolicy");
        dropped.Rule("policy").ShouldBe("flows/default-deny");
        dropped.Rule("direction").ShouldBe("ingress");
        dropped.Rule("action").ShouldBe("DefaultDeny");
        dropped.Rule("text").ShouldBe("NetworkPolicy flows/default-deny ingress (isolated, no rule allows)");
        (await ObserveAsync(cluster, "--verdict", "AUDIT")).ShouldBeEmpty("nothing is audited while enforcing");

        // Audit: the same pair connects, and the would-be drop is an AUDIT flow naming the same rule.
        var audit = await ModeAsync(cluster, "audit");
        audit.ExitCode.ShouldBe(0, audit.ToString());
        audit.Stdout.ShouldContain("policy mode set to audit");
        (await ModeAsync(cluster)).Stdout.Trim().ShouldBe("audit");
        (await betaShell.ProbeAsync("tcp", target)).ExitCode.ShouldBe(0, "every node audits once the command returns");
        var audited = await DecidedAsync(cluster, "AUDIT", web);
        audited.Rule("policy").ShouldBe("flows/default-deny");
        audited.Rule("tier").ShouldBe("NetworkPolicy");
        audited.Rule("direction").ShouldBe("ingress");
        var clusters = await WeftCli.RunAsync(cluster.Environment, "clusters");
        clusters.Stdout.ShouldContain("audit", Case.Sensitive, clusters.ToString());

        // Enforce again: dropped again, and a new DROPPED flow is recorded.
        var before = (await ObserveAsync(cluster, "--verdict", "DROPPED", "--from-pod", "flows/beta")).Count;
        var enforce = await ModeAsync(cluster, "enforce");
        enforce.ExitCode.ShouldBe(0, enforce.ToString());
        (await betaShell.ProbeAsync("tcp", target)).ExitCode.ShouldNotBe(0, "every node enforces once the command returns");
        await PodShell.EventuallyAsync(
            async () => (await ObserveAsync(cluster, "--verdict", "DROPPED", "--from-pod", "flows/beta")).Count > before,
            "a new DROPPED flow after switching back");
        (await ModeAsync(cluster)).Stdout.Trim().ShouldBe("enforce");
    }

    [Fact]
    public async Task PolicyMode_BadValue_ExitsTwoAndLeavesTheModeAlone_AndTheModeSurvivesADaemonRestart()
    {
        await using var cluster = new LocalClusterFixture();
        var up = await cluster.RunAsync("up", "--policy-mode", "audit");
        up.ExitCode.ShouldBe(0, up.ToString());

        var bad = await ModeAsync(cluster, "permissive");

        bad.ExitCode.ShouldBe(2);
        bad.Stderr.ShouldContain("mode: 'permissive' must be audit or enforce");
        (await ModeAsync(cluster)).Stdout.Trim().ShouldBe("audit", "weft up --policy-mode audit set it, the bad value changed nothing");

        // A crashed daemon is restarted by the next weft up (without --policy-mode): the mode is read back.
        var daemonPid = int.Parse(File.ReadAllText(Path.Combine(cluster.StateRoot, cluster.Name, "daemon.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        System.Diagnostics.Process.GetProcessById(daemonPid).Kill();
        (await ModeAsync(cluster)).ExitCode.ShouldBe(1, "the daemon is gone");
        var repair = await cluster.RunAsync("up");
        repair.ExitCode.ShouldBe(0, repair.ToString());
        repair.Stdout.ShouldContain("policy mode audit");
        (await ModeAsync(cluster)).Stdout.Trim().ShouldBe("audit");
    }

    /// <summary>Polls until a flow from beta to <paramref name="web"/> on TCP/80 with <paramref name="verdict"/> is recorded.</summary>
    private static async Task<ObservedFlow> DecidedAsync(LocalClusterFixture cluster, string verdict, PodView web)
    {
        ObservedFlow? found = null;
        await PodShell.EventuallyAsync(async () =>
        {
            found = (await ObserveAsync(cluster, "--verdict", verdict, "--from-pod", "flows/beta"))
                .LastOrDefault(f => f.DestinationPod == $"flows/{web.Name}" && f.DestinationPort == 80 && f.Protocol == "TCP");
            return found is not null;
        }, $"a {verdict} flow from flows/beta to flows/{web.Name}:80");
        found!.Verdict.ShouldBe(verdict);
        return found;
    }

    /// <summary><c>weft policy mode [MODE] --cluster NAME</c> (the fixture's RunAsync puts --cluster after the first word).</summary>
    private static Task<CliResult> ModeAsync(LocalClusterFixture cluster, params string[] mode) =>
        WeftCli.RunAsync(cluster.Environment, ["policy", "mode", .. mode, "--cluster", cluster.Name]);

    private static Task<IReadOnlyList<ObservedFlow>> ObserveAsync(LocalClusterFixture cluster, params string[] filters) =>
        ObservedFlow.ObserveAsync(cluster, filters);
}
