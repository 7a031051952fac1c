using Weft.Datapath.Policy;
using Weft.Local.Cluster;
using Weft.Local.Cni;
using Weft.Local.Runtime;
using Weft.Local.State;
using Weft.Local.Tests.Fakes;

namespace Weft.Local.Tests.Runtime;

/// <summary>
/// The cluster-wide policy mode in the runtime, with fakes for the kernel and processes (a cluster of policies and
/// namespaces only, so no pod is ever made): persisted, compiled into the snapshot the node agents get, replayed.
/// </summary>
public sealed class ClusterRuntimeSettingsTests : IDisposable
{
    private const string DefaultDeny = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: demo}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        """;

    private readonly StatePaths paths = new(Directory.CreateTempSubdirectory("weft-settings-").FullName, "unit");

    public void Dispose() => Directory.Delete(paths.Root, recursive: true);

    private ClusterRuntime NewRuntime()
    {
        var layout = ClusterLayout.For(new ClusterSpec { Name = "unit" });
        var runner = new RefusingProcessRunner();
        var netns = new EmptyNetns();
        var network = new PodNetworkSetup(runner, netns, new CniInvoker(runner, []), layout, paths);
        return new ClusterRuntime(layout, paths, netns, runner, network, new RefusingContainerStarter(), TimeProvider.System);
    }

    private static async Task ApplyDefaultDenyAsync(ClusterRuntime runtime) =>
        (await runtime.ChangeAsync(new DesiredChange(DesiredChange.Apply, [new ManifestDocument("deny.yaml", DefaultDeny)]), CancellationToken.None))
            .Accepted.ShouldBeTrue();

    [Fact]
    public async Task NewCluster_Enforces()
    {
        using var runtime = NewRuntime();
        await runtime.RecoverAsync(CancellationToken.None);
        await ApplyDefaultDenyAsync(runtime);

        runtime.Settings.PolicyMode.ShouldBe(PolicyMode.Enforce);
        var models = runtime.CompileSnapshot().Snapshot.Policy.ShouldNotBeNull();
        models.Enforced.ShouldBeSameAs(models.All, "with no audit anywhere, what is enforced is every policy");
        runtime.View(DateTimeOffset.UnixEpoch).PolicyMode.ShouldBe("enforce");
    }

    [Fact]
    public async Task SetPolicyMode_Audit_EnforcesNoPolicy_AndRaisesChanged()
    {
        using var runtime = NewRuntime();
        await runtime.RecoverAsync(CancellationToken.None);
        await ApplyDefaultDenyAsync(runtime);
        var changes = 0;
        runtime.Changed += () => changes++;

        (await runtime.SetPolicyModeAsync(PolicyMode.Audit, CancellationToken.None)).ShouldBeTrue();

        changes.ShouldBe(1);
        var models = runtime.CompileSnapshot().Snapshot.Policy.ShouldNotBeNull();
        models.Enforced.Input.NetworkPolicies.ShouldBeEmpty();
        models.All.Input.NetworkPolicies.Select(p => p.Key).ShouldBe(["demo/default-deny"]);
        runtime.View(DateTimeOffset.UnixEpoch).PolicyMode.ShouldBe("audit");
    }

    [Fact]
    public async Task SetPolicyMode_SameMode_ChangesNothing()
    {
        using var runtime = NewRuntime();
        await runtime.RecoverAsync(CancellationToken.None);
        var changes = 0;
        runtime.Changed += () => changes++;

        (await runtime.SetPolicyModeAsync(PolicyMode.Enforce, CancellationToken.None)).ShouldBeFalse();

        changes.ShouldBe(0);
        File.Exists(paths.SettingsFile).ShouldBeFalse();
    }

    [Fact]
    public async Task PolicyMode_SurvivesADaemonRestart_AndSoDoThePolicies()
    {
        using (var first = NewRuntime())
        {
            await first.RecoverAsync(CancellationToken.None);
            await ApplyDefaultDenyAsync(first);
            await first.SetPolicyModeAsync(PolicyMode.Audit, CancellationToken.None);
        }

        using var second = NewRuntime();
        await second.RecoverAsync(CancellationToken.None);

        second.Settings.PolicyMode.ShouldBe(PolicyMode.Audit);
        var models = second.CompileSnapshot().Snapshot.Policy.ShouldNotBeNull();
        models.Enforced.Input.NetworkPolicies.ShouldBeEmpty();
        models.All.Input.NetworkPolicies.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task SetPolicyMode_BackToEnforce_EnforcesThePoliciesAgain()
    {
        using var runtime = NewRuntime();
        await runtime.RecoverAsync(CancellationToken.None);
        await ApplyDefaultDenyAsync(runtime);
        await runtime.SetPolicyModeAsync(PolicyMode.Audit, CancellationToken.None);

        (await runtime.SetPolicyModeAsync(PolicyMode.Enforce, CancellationToken.None)).ShouldBeTrue();

        runtime.CompileSnapshot().Snapshot.Policy.ShouldNotBeNull().Enforced.Input.NetworkPolicies.ShouldHaveSingleItem();
        JsonFile.Read<ClusterSettings>(paths.SettingsFile).ShouldNotBeNull().PolicyMode.ShouldBe(PolicyMode.Enforce);
    }

    [Fact]
    public async Task SettingsFile_UsesTheCliWords()
    {
        using var runtime = NewRuntime();
        await runtime.RecoverAsync(CancellationToken.None);

        await runtime.SetPolicyModeAsync(PolicyMode.Audit, CancellationToken.None);

        (await File.ReadAllTextAsync(paths.SettingsFile)).ShouldContain("\"policyMode\": \"audit\"");
    }

    [Fact]
    public async Task ReplaceOfEveryObject_KeepsThePolicyMode()
    {
        using var runtime = NewRuntime();
        await runtime.RecoverAsync(CancellationToken.None);
        await runtime.SetPolicyModeAsync(PolicyMode.Audit, CancellationToken.None);

        (await runtime.ChangeAsync(new DesiredChange(DesiredChange.Replace, [new ManifestDocument("deny.yaml", DefaultDeny)]), CancellationToken.None))
            .Accepted.ShouldBeTrue();

        runtime.Settings.PolicyMode.ShouldBe(PolicyMode.Audit, "weft up -f must not end the audit week");
    }

    private sealed class RefusingContainerStarter : IPodContainerStarter
    {
        public IPodContainers Start(PodLaunch launch) => throw new InvalidOperationException("unexpected pod start");
    }
}
