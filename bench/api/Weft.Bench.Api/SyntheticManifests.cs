using System.Text;

namespace Weft.Bench.Api;

/// <summary>
/// A multi-document YAML text shaped like real cluster manifests: namespaces, pods with labels, ports and
/// addresses, and NetworkPolicies with selectors, ipBlocks and port ranges.
/// </summary>
internal static class SyntheticManifests
{
    public static string Generate(int namespaces, int podsPerNamespace, int policiesPerNamespace)
    {
        var text = new StringBuilder();
        var pod = 0;
        for (var n = 0; n < namespaces; n++)
        {
            text.Append($"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-{n}\n  labels: {{team: team-{n % 20}, env: {(n % 2 == 0 ? "prod" : "dev")}}}\n---\n");
            for (var p = 0; p < podsPerNamespace; p++, pod++)
            {
                text.Append($"""
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: pod-{p}
                      namespace: ns-{n}
                      labels: {"{"}app: app-{p % 10}, tier: t{p % 3}, version: v{p % 2}{"}"}
                    spec:
                      containers:
                      - name: main
                        image: weft/echo
                        ports:
                        - {"{"}name: http, containerPort: 8080{"}"}
                        - {"{"}name: metrics, containerPort: 9090{"}"}
                    status:
                      podIP: 10.{(pod >> 16) & 255}.{(pod >> 8) & 255}.{pod & 255}
                    ---

                    """);
            }

            for (var q = 0; q < policiesPerNamespace; q++)
            {
                text.Append($"""
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {"{"}name: policy-{q}, namespace: ns-{n}{"}"}
                    spec:
                      podSelector: {"{"}matchLabels: {"{"}app: app-{q % 10}{"}"}{"}"}
                      policyTypes: [Ingress, Egress]
                      ingress:
                      - from:
                        - podSelector: {"{"}matchExpressions: [{"{"}key: tier, operator: In, values: [t0, t1]{"}"}]{"}"}
                          namespaceSelector: {"{"}matchLabels: {"{"}team: team-{q % 20}{"}"}{"}"}
                        - ipBlock: {"{"}cidr: 172.16.0.0/12, except: [172.16.1.0/24]{"}"}
                        ports: [{"{"}port: http{"}"}, {"{"}port: 9000, endPort: 9100{"}"}]
                      egress:
                      - to: [{"{"}namespaceSelector: {"{"}{"}"}{"}"}]
                        ports: [{"{"}protocol: UDP, port: 53{"}"}]
                    ---

                    """);
            }
        }

        return text.ToString();
    }
}
