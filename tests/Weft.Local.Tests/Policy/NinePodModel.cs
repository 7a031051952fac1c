using System.Text;

namespace Weft.Local.Tests.Policy;

/// <summary>
/// The 9-pod model of the upstream Kubernetes network policy tests: namespaces x, y, z (label <c>ns</c>), pods a, b, c
/// (label <c>pod</c>) in each, every pod serving TCP and UDP on 80 and 81 with <c>weft app serve</c> (image
/// <c>weft/echo</c>), ports named <c>serve-PORT-PROTO</c> as upstream names them. Pods a and c run on node-1 and b on
/// node-2, so pairs are same-node and cross-node — as in the traced test, where b's node range is <c>10.244.2.0/24</c>.
/// </summary>
internal static class NinePodModel
{
    public static readonly string[] Namespaces = ["x", "y", "z"];

    public static readonly string[] Names = ["a", "b", "c"];

    public static readonly (string Protocol, int Port)[] Probes = [("tcp", 80), ("tcp", 81), ("udp", 80), ("udp", 81)];

    public static IEnumerable<string> Pods => from ns in Namespaces from name in Names select $"{ns}/{name}";

    public static string NodeOf(string name) => name == "b" ? "node-2" : "node-1";

    public static string Manifest()
    {
        var yaml = new StringBuilder();
        foreach (var ns in Namespaces)
        {
            yaml.Append($"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}, labels: {{ns: {ns}}}}}\n---\n");
            foreach (var name in Names)
            {
                yaml.Append($$"""
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: {{name}}
                      namespace: {{ns}}
                      labels: {pod: {{name}} }
                    spec:
                      nodeName: {{NodeOf(name)}}
                      containers:
                      - name: serve
                        image: weft/echo
                        ports:
                        - {name: serve-80-tcp, containerPort: 80}
                        - {name: serve-80-udp, containerPort: 80, protocol: UDP}
                        - {name: serve-81-tcp, containerPort: 81}
                        - {name: serve-81-udp, containerPort: 81, protocol: UDP}
                        readinessProbe:
                          tcpSocket: {port: serve-80-tcp}
                          periodSeconds: 1
                    ---

                    """);
            }
        }

        return yaml.ToString();
    }
}
