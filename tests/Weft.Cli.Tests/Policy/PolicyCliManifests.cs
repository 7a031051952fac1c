namespace Weft.Cli.Tests.Policy;

internal static class PolicyCliManifests
{
    /// <summary>Two namespaces, three pods; x/b accepts only from x/a on TCP/80.</summary>
    public const string Small = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: x
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          namespace: x
          labels: {app: a}
        spec:
          containers: [{name: c, image: weft/echo}]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: b
          namespace: x
          labels: {app: b}
        spec:
          containers: [{name: c, image: weft/echo}]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: c
          namespace: y
          labels: {app: c}
        spec:
          containers: [{name: c, image: weft/echo}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: b-from-a
          namespace: x
        spec:
          podSelector: {matchLabels: {app: b}}
          ingress:
            - from: [{podSelector: {matchLabels: {app: a}}}]
              ports: [{port: 80}]
        """;

    public const string Invalid = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: bad
          namespace: x
        spec:
          podSelector: {}
          ingress:
            - ports: [{port: 70000}]
        """;
}
