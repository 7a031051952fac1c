using System.CommandLine;
using System.Text.Json;
using Weft.Cli.Commands.Policy;
using Weft.Local.Daemon;
using Weft.Local.Runtime;

namespace Weft.Cli.Tests.Policy;

/// <summary><c>weft policy matrix --cluster</c>: the cluster's desired state with its pods' runtime addresses.</summary>
public sealed class PolicyMatrixClusterTests
{
    private const string Pods = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: x, labels: {ns: x}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: a, namespace: x, labels: {pod: a}}
        spec:
          containers: [{name: c, image: weft/echo}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: b, namespace: x, labels: {pod: b}}
        spec:
          containers: [{name: c, image: weft/echo}]
        """;

    // x/b accepts only from node-1's pod range: which pods that is depends on where they run.
    private const string FromNode1 = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: from-node-1, namespace: x}
        spec:
          podSelector: {matchLabels: {pod: b}}
          ingress:
            - from:
                - ipBlock: {cidr: 10.244.0.0/24}
        """;

    [Fact]
    public void MatrixCluster_IpBlock_MatchesPodsByTheirRuntimeAddresses()
    {
        var source = new FakeClusterPolicySource(View(
            [Change(DesiredChange.Replace, Pods), Change(DesiredChange.Apply, FromNode1)],
            Running("x", "a", "node-1", "10.244.0.5"), Running("x", "b", "node-2", "10.244.1.7")));

        var run = Matrix(source, "--cluster", "dev", "-o", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        source.Asked.ShouldBe(["dev"]);
        run.Output.Trim().ShouldBe("""{"port":80,"protocol":"TCP","allowed":{"x/a":{"x/a":true,"x/b":true},"x/b":{"x/a":true,"x/b":false}}}""");
    }

    [Fact]
    public void MatrixCluster_ChangeLog_IsReplayedSoDeletedPoliciesNoLongerApply()
    {
        var source = new FakeClusterPolicySource(View(
            [Change(DesiredChange.Replace, Pods), Change(DesiredChange.Apply, FromNode1), Change(DesiredChange.Delete, FromNode1)],
            Running("x", "a", "node-1", "10.244.0.5"), Running("x", "b", "node-2", "10.244.1.7")));

        var run = Matrix(source, "--cluster", "dev", "-o", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("allowed").GetProperty("x/b").GetProperty("x/b").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public void MatrixCluster_PodWithoutAddress_IsLeftOutWithAWarning()
    {
        var source = new FakeClusterPolicySource(View([Change(DesiredChange.Replace, Pods)], Running("x", "a", "node-1", "10.244.0.5"), Running("x", "b", null, null)));

        var run = Matrix(source, "--cluster", "dev", "--protocol", "UDP", "--port", "81", "-o", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.Trim().ShouldBe("""{"port":81,"protocol":"UDP","allowed":{"x/a":{"x/a":true}}}""");
        run.Error.ShouldContain("x/b");
    }

    [Fact]
    public void MatrixCluster_DeploymentPods_AreJoinedWithTheRunningPodsOfTheSameName()
    {
        const string Web = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: x}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: c, image: weft/echo}]
            """;
        var change = Change(DesiredChange.Replace, Web);
        var names = DesiredState.Replay([change]).Pods().Select(p => p.Metadata.Name).Order(StringComparer.Ordinal).ToList();
        var source = new FakeClusterPolicySource(View([change], Running("x", names[0], "node-1", "10.244.0.5"), Running("x", names[1], "node-2", "10.244.1.5")));

        var run = Matrix(source, "--cluster", "dev", "-o", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldBeEmpty();
        using var json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("allowed").EnumerateObject().Select(row => row.Name).ShouldBe(names.Select(n => $"x/{n}"));
    }

    [Fact]
    public void MatrixCluster_NotRunning_Exits1AndSaysSo()
    {
        var run = Matrix(new FakeClusterPolicySource(null), "--cluster", "gone");

        run.ExitCode.ShouldBe(1);
        run.Output.ShouldBeEmpty();
        run.Error.ShouldContain("cluster \"gone\" is not running");
    }

    [Fact]
    public void MatrixCluster_WithFiles_IsRejectedAsMutuallyExclusive()
    {
        var source = new FakeClusterPolicySource(View([]));

        var run = Matrix(source, "--cluster", "dev", "-f", "policies.yaml");

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("--cluster and -f/--filename are mutually exclusive");
        source.Asked.ShouldBeEmpty();
    }

    [Fact]
    public void Matrix_WithoutClusterOrFiles_Exits2AndNamesBoth()
    {
        var run = Matrix(new FakeClusterPolicySource(null));

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("-f/--filename");
        run.Error.ShouldContain("--cluster");
    }

    private static CliRun Matrix(IClusterPolicySource source, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        CommandIo.StandardInput.Value = TextReader.Null;
        try
        {
            var exit = new RootCommand { MatrixCommand.Create(source) }.Parse(["matrix", .. args])
                .Invoke(new InvocationConfiguration { Output = output, Error = error });
            return new CliRun(exit, output.ToString(), error.ToString());
        }
        finally
        {
            CommandIo.StandardInput.Value = null;
        }
    }

    private static DesiredChange Change(string operation, string yaml) => new(operation, [new ManifestDocument("test.yaml", yaml)]);

    private static DesiredView View(IReadOnlyList<DesiredChange> log, params PodView[] pods) => new(7, log, pods);

    private static PodView Running(string ns, string name, string? node, string? ip) =>
        new(ns, name, node, ip is null ? "Pending" : "Running", ip is not null, ip, null, null, DateTimeOffset.UnixEpoch, [], new Dictionary<string, string>());
}
