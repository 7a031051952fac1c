namespace Weft.Cli.Tests.Policy;

public sealed class PolicyLintCommandTests
{
    private const string Findings = """
        apiVersion: v1
        kind: Pod
        metadata: {name: a, namespace: x, labels: {app: a}}
        spec:
          containers: [{name: c, ports: [{name: http, containerPort: 80}]}]
        status:
          podIP: 10.0.0.5
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: nobody, namespace: x}
        spec:
          podSelector: {matchLabels: {app: ghost}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: odd, namespace: x}
        spec:
          podSelector: {matchLabels: {app: a}}
          ingress:
            - from:
                - namespaceSelector: {matchLabels: {team: nobody}}
                - ipBlock: {cidr: 10.0.0.0/24}
              ports:
                - port: grpc
        ---
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: AdminNetworkPolicy
        metadata: {name: first}
        spec:
          priority: 5
          subject: {namespaces: {}}
          ingress:
            - name: deny-all
              action: Deny
              from: [{namespaces: {}}]
        ---
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: AdminNetworkPolicy
        metadata: {name: second}
        spec:
          priority: 5
          subject: {namespaces: {}}
          ingress:
            - name: allow-x
              action: Allow
              from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: x}}}]
              ports: [{portNumber: {protocol: TCP, port: 80}}]
        """;

    [Fact]
    public void Lint_Findings_AreReportedWithFileAndLine()
    {
        using var files = new TempManifests(("policies.yaml", Findings));
        var run = CliRun.Weft("policy", "lint", "-f", files.Root);
        run.ExitCode.ShouldBe(0, run.Error);
        var file = System.Text.RegularExpressions.Regex.Escape(files.PathOf("policies.yaml"));
        run.Output.ShouldMatch($@"{file}:\d+:\d+: NetworkPolicy x/nobody spec\.podSelector: selects no pods");
        run.Output.ShouldContain("spec.ingress[0].from[0].namespaceSelector: matches no namespace");
        run.Output.ShouldContain("spec.ingress[0].from[1].ipBlock: 10.0.0.0/24 also matches pod addresses (x/a)");
        run.Output.ShouldContain("named port 'grpc' (TCP) is not exposed");
        run.Output.ShouldContain("AdminNetworkPolicy second spec.ingress[0]: rule 0 \"allow-x\" is shadowed by AdminNetworkPolicy first");
        run.Output.ShouldContain("priority 5 is shared by first, second");
    }

    [Fact]
    public void Lint_Strict_Exits1OnWarnings()
    {
        using var files = new TempManifests(("policies.yaml", Findings));
        CliRun.Weft("policy", "lint", "-f", files.Root, "--strict").ExitCode.ShouldBe(1);
    }

    [Fact]
    public void Lint_ExampleShop_IsClean()
    {
        var run = CliRun.Weft("policy", "lint", "-f", CliRun.Shop, "--strict");
        run.ExitCode.ShouldBe(0, run.Output);
        run.Output.ShouldContain("no warnings");
    }
}
