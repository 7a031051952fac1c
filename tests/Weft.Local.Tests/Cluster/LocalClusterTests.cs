using System.Diagnostics;

namespace Weft.Local.Tests.Cluster;

/// <summary>
/// Privileged end-to-end tests: real network namespaces, veth, bridge, VXLAN, the real CNI plugin and real pod
/// processes, driven through the weft CLI. They need root (CI runs as root).
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed class LocalClusterTests
{
    [Theory]
    [InlineData("native")]
    [InlineData("vxlan")]
    public async Task Up_PodsOnDifferentNodes_ReachEachOtherOverTcpUdpAndHttp(string routing)
    {
        await using var cluster = new LocalClusterFixture();
        var up = await cluster.RunAsync("up", "-f", Manifests.Write(Manifests.Echo("web", 3)), "--routing", routing);
        up.ExitCode.ShouldBe(0, up.ToString());

        var pods = await cluster.WaitForPodsAsync(p => p.Count == 3 && p.All(x => x.Ready));
        pods.Select(p => p.Node).Distinct().Count().ShouldBe(2, "replicas spread over both nodes");
        var from = pods.First(p => p.Node == "node-1");
        var to = pods.First(p => p.Node == "node-2");
        to.Ip.ShouldStartWith("10.244.1.", Case.Sensitive, "node-2 owns 10.244.1.0/24");

        var http = await cluster.ProbeFromAsync(from, "http", $"{to.Ip}:80");
        http.ExitCode.ShouldBe(0, http.ToString());
        http.Stdout.ShouldContain($"pod={to.Name}");
        http.Stdout.ShouldContain($"client={from.Ip}:", Case.Sensitive, "no NAT between pods");
        (await cluster.ProbeFromAsync(from, "udp", $"{to.Ip}:81")).ExitCode.ShouldBe(0);
        (await cluster.ProbeFromAsync(from, "tcp", $"{to.Ip}:82")).ExitCode.ShouldBe(1, "nothing listens on 82: refused");
    }

    [Fact]
    public async Task Up_Pod_SeesItsOwnResolvConfAndHostname()
    {
        await using var cluster = new LocalClusterFixture();
        (await cluster.RunAsync("up", "-f", Manifests.Write(Manifests.Echo("web", 1)))).ExitCode.ShouldBe(0);
        var pod = (await cluster.WaitForPodsAsync(p => p.Count == 1 && p[0].Ready))[0];

        var resolv = await cluster.RunAsync("exec", pod.Name, "-n", "demo", "--", "cat", "/etc/resolv.conf");
        resolv.Stdout.ShouldContain("nameserver 10.96.0.10");
        resolv.Stdout.ShouldContain("search demo.svc.cluster.local svc.cluster.local cluster.local");
        resolv.Stdout.ShouldContain("options ndots:5");
    }

    [Fact]
    public async Task KilledContainer_IsRestartedAndCounted()
    {
        await using var cluster = new LocalClusterFixture();
        (await cluster.RunAsync("up", "-f", Manifests.Write(Manifests.Echo("web", 1)))).ExitCode.ShouldBe(0);
        var pod = (await cluster.WaitForPodsAsync(p => p.Count == 1 && p[0].Ready))[0];
        var pid = pod.Containers[0].Pid!.Value;

        Process.GetProcessById(pid).Kill();

        var after = await cluster.WaitForPodsAsync(p => p[0].Restarts == 1 && p[0].Ready && p[0].Containers[0].Pid != pid);
        after[0].Ip.ShouldBe(pod.Ip, "a container restart keeps the pod's sandbox and address");
    }

    [Fact]
    public async Task UpAgain_ReconcilesToTheNewManifests_AndApplyDeleteChangeARunningCluster()
    {
        await using var cluster = new LocalClusterFixture();
        (await cluster.RunAsync("up", "-f", Manifests.Write(Manifests.Echo("web", 3)))).ExitCode.ShouldBe(0);
        await cluster.WaitForPodsAsync(p => p.Count == 3 && p.All(x => x.Ready));

        var scaled = await cluster.RunAsync("up", "-f", Manifests.Write(Manifests.Echo("web", 1)));
        scaled.ExitCode.ShouldBe(0, scaled.ToString());
        await cluster.WaitForPodsAsync(p => p.Count == 1);
        LocalClusterFixture.Namespaces(cluster.Prefix + "pod-").Count.ShouldBe(1, "removed pods leave no namespace");

        var extra = Manifests.Write(Manifests.Echo("api", 2, ns: "demo"));
        var apply = await cluster.RunAsync("apply", "-f", extra);
        apply.ExitCode.ShouldBe(0, apply.ToString());
        apply.Stdout.ShouldContain("created");
        await cluster.WaitForPodsAsync(p => p.Count == 3 && p.All(x => x.Ready));

        var delete = await cluster.RunAsync("delete", "-f", extra);
        delete.ExitCode.ShouldBe(0, delete.ToString());
        var left = await cluster.WaitForPodsAsync(p => p.Count == 1);
        left[0].Name.ShouldStartWith("web-");
    }

    [Fact]
    public async Task Up_InvalidManifest_ExitsTwoWithFileLineAndCreatesNothing()
    {
        await using var cluster = new LocalClusterFixture();
        var bad = Manifests.Write("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: bad
              namespace: demo
            spec:
              podSelector: {}
              ingress:
              - ports:
                - port: 70000
            """);

        var up = await cluster.RunAsync("up", "-f", bad);

        up.ExitCode.ShouldBe(2, up.ToString());
        up.Stderr.ShouldContain($"{bad}:10:");
        up.Stderr.ShouldContain("spec.ingress[0].ports[0].port");
        LocalClusterFixture.Namespaces(cluster.Prefix).ShouldBeEmpty();
        Directory.Exists(Path.Combine(cluster.StateRoot, cluster.Name)).ShouldBeFalse();
    }

    [Fact]
    public async Task MissingCommand_LeavesThatPodInErrorAndTheRestRunning()
    {
        await using var cluster = new LocalClusterFixture();
        var up = await cluster.RunAsync("up", "-f", Manifests.Write(Manifests.Echo("web", 1), Manifests.CommandPod("broken", "/nonexistent/program")));
        up.ExitCode.ShouldBe(1, "not every pod became ready");

        var pods = await cluster.WaitForPodsAsync(p => p.Count == 2 && p.Any(x => x.Ready));
        var broken = pods.Single(p => p.Name == "broken");
        broken.Ready.ShouldBeFalse();
        broken.Containers[0].Reason.ShouldBeOneOf("ContainerCannotRun", "CrashLoopBackOff");
        pods.Single(p => p.Name != "broken").Ready.ShouldBeTrue();
    }

    [Fact]
    public async Task ExhaustedNodeRange_LeavesExtraPodsPendingWithTheReason()
    {
        await using var cluster = new LocalClusterFixture();

        // One node with a /29: a handful of addresses, fewer than the replicas.
        var up = await cluster.RunAsync("up", "-f", Manifests.Write(Manifests.Echo("web", 9)), "--nodes", "1", "--node-cidr-size", "29");

        up.ExitCode.ShouldBe(1, up.ToString());
        var pods = await cluster.PodsAsync();
        pods.Count.ShouldBe(9);
        var pending = pods.Where(p => p.Phase == "Pending").ToList();
        pending.ShouldNotBeEmpty();
        pending.ShouldAllBe(p => p.Message != null && p.Message.Contains("no free address", StringComparison.Ordinal));
        pods.Count(p => p.Phase == "Running").ShouldBe(9 - pending.Count);
        pods.Where(p => p.Ip != null).Select(p => p.Ip).Distinct().Count().ShouldBe(9 - pending.Count, "no address handed out twice");
    }

    [Fact]
    public async Task CrashedDaemon_IsRepairedByUp_AndDownRemovesEverything()
    {
        var cluster = new LocalClusterFixture();
        await using (cluster)
        {
            (await cluster.RunAsync("up", "-f", Manifests.Write(Manifests.Echo("web", 2)))).ExitCode.ShouldBe(0);
            var before = await cluster.WaitForPodsAsync(p => p.Count == 2 && p.All(x => x.Ready));
            var daemonPid = int.Parse(File.ReadAllText(Path.Combine(cluster.StateRoot, cluster.Name, "daemon.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

            Process.GetProcessById(daemonPid).Kill();
            (await cluster.RunAsync("get", "pods")).ExitCode.ShouldBe(1, "the daemon is gone");

            var repair = await cluster.RunAsync("up");
            repair.ExitCode.ShouldBe(0, repair.ToString());
            var after = await cluster.WaitForPodsAsync(p => p.Count == 2 && p.All(x => x.Ready));
            after.Select(p => p.Name).Order().ShouldBe(before.Select(p => p.Name).Order());
            var podPids = after.SelectMany(p => p.Containers).Select(c => c.Pid!.Value).ToList();

            var down = await cluster.RunAsync("down");
            down.ExitCode.ShouldBe(0, down.ToString());

            LocalClusterFixture.Namespaces(cluster.Prefix).ShouldBeEmpty();
            Directory.GetDirectories("/etc/netns").Where(d => Path.GetFileName(d).StartsWith(cluster.Prefix, StringComparison.Ordinal)).ShouldBeEmpty();
            Directory.Exists(Path.Combine(cluster.StateRoot, cluster.Name)).ShouldBeFalse();
            podPids.Append(daemonPid).ShouldAllBe(pid => !Directory.Exists($"/proc/{pid}"));
        }
    }
}
