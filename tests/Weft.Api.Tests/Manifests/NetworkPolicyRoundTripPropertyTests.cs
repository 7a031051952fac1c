using System.Collections.Immutable;
using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Weft.Api.Net;
using Weft.Api.Resources;
using Weft.Api.Selectors;

namespace Weft.Api.Tests.Manifests;

/// <summary>
/// Codec round trip: a random valid NetworkPolicy written as YAML (or JSON-style flow) decodes to the same policy.
/// Records hold immutable arrays (compared by reference), so both sides are compared through one rendering.
/// </summary>
public sealed class NetworkPolicyRoundTripPropertyTests
{
    private static readonly Gen<string> Keys = Gen.Elements("app", "tier", "example.com/team", "kubernetes.io/metadata.name");
    private static readonly Gen<string> Values = Gen.Elements("web", "db", "a-b", "v1.2", "X_1");

    private static readonly Gen<LabelSelector> Selectors =
        from labels in Gen.Zip(Keys, Values).ArrayOf().Select(pairs => pairs.DistinctBy(p => p.Item1).ToArray())
        from expressions in Expressions.ArrayOf().Select(e => e.Take(3).ToArray())
        select new LabelSelector
        {
            MatchLabels = labels.ToImmutableSortedDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal),
            MatchExpressions = [.. expressions],
        };

    private static Gen<LabelSelectorRequirement> Expressions =>
        from key in Keys
        from op in Gen.Elements(SelectorOperator.In, SelectorOperator.NotIn, SelectorOperator.Exists, SelectorOperator.DoesNotExist)
        from values in Values.ArrayOf().Where(v => v.Length > 0)
        select new LabelSelectorRequirement
        {
            Key = key,
            Operator = op,
            Values = op is SelectorOperator.In or SelectorOperator.NotIn ? [.. values.Distinct()] : [],
        };

    private static readonly Gen<IpBlock> IpBlocks =
        from octet in Gen.Choose(0, 255)
        from length in Gen.Choose(0, 24)
        from v6 in Gen.Elements(false, true)
        from exceptCount in Gen.Choose(0, 2)
        let cidr = v6 ? IpPrefix.Create(IPAddress.Parse($"fd00:{octet:x}::"), length + 8) : IpPrefix.Create(new IPAddress([10, (byte)octet, 0, 0]), length)
        select new IpBlock { Cidr = cidr, Except = [.. Enumerable.Range(0, exceptCount).Select(i => cidr.Subnet(cidr.Length + 2, (UInt128)i))] };

    private static readonly Gen<NetworkPolicyPeer> Peers = Gen.OneOf(
        from pods in Selectors select new NetworkPolicyPeer { PodSelector = pods },
        from namespaces in Selectors select new NetworkPolicyPeer { NamespaceSelector = namespaces },
        from pods in Selectors from namespaces in Selectors select new NetworkPolicyPeer { PodSelector = pods, NamespaceSelector = namespaces },
        from block in IpBlocks select new NetworkPolicyPeer { IpBlock = block });

    private static readonly Gen<NetworkPolicyPort> Ports = Gen.OneOf(
        from protocol in Gen.Elements(Protocol.Tcp, Protocol.Udp, Protocol.Sctp) select new NetworkPolicyPort { Protocol = protocol },
        from protocol in Gen.Elements(Protocol.Tcp, Protocol.Udp, Protocol.Sctp)
        from name in Gen.Elements("http", "dns", "h2c", "web-metrics")
        select new NetworkPolicyPort { Protocol = protocol, Port = IntOrString.FromName(name) },
        from port in Gen.Choose(1, 65535)
        from range in Gen.Choose(-1, 100)
        select new NetworkPolicyPort { Port = IntOrString.FromNumber(port), EndPort = range < 0 ? null : Math.Min(65535, port + range) });

    private static readonly Gen<NetworkPolicyRule> Rules =
        from peers in Peers.ArrayOf().Select(p => p.Take(3).ToArray())
        from ports in Ports.ArrayOf().Select(p => p.Take(3).ToArray())
        select new NetworkPolicyRule { Peers = [.. peers], Ports = [.. ports] };

    private static readonly Gen<NetworkPolicy> Policies =
        from selector in Selectors
        from types in Gen.Elements<PolicyType[]>([], [PolicyType.Ingress], [PolicyType.Egress], [PolicyType.Ingress, PolicyType.Egress])
        from ingress in Rules.ArrayOf().Select(r => r.Take(3).ToArray())
        from egress in Rules.ArrayOf().Select(r => r.Take(3).ToArray())
        select new NetworkPolicy
        {
            Metadata = new ObjectMeta { Name = "p", Namespace = "ns" },
            PodSelector = selector,
            PolicyTypes = [.. types],
            Ingress = [.. ingress],
            Egress = [.. egress],
        };

    [Fact]
    public void DecodeOfWrittenPolicy_IsThePolicy()
    {
        Prop.ForAll(Policies.ToArbitrary(), policy =>
            {
                var yaml = Write(policy);
                var result = ManifestText.Parse(yaml);
                return result.Diagnostics.IsEmpty
                    && result.Resources.Length == 1
                    && result.Resources[0] is NetworkPolicy decoded
                    && Write(decoded) == yaml;
            })
            .QuickCheckThrowOnFailure();
    }

    /// <summary>Writes a policy as a manifest in flow style (valid YAML and, apart from unquoted keys, JSON-shaped).</summary>
    private static string Write(NetworkPolicy policy)
    {
        var text = new StringBuilder();
        text.Append("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n");
        text.Append($"metadata: {{name: {policy.Name}, namespace: {policy.Namespace}}}\n");
        text.Append("spec:\n");
        text.Append($"  podSelector: {Selector(policy.PodSelector)}\n");
        if (!policy.PolicyTypes.IsEmpty)
        {
            text.Append($"  policyTypes: [{string.Join(", ", policy.PolicyTypes)}]\n");
        }

        AppendRules(text, "ingress", "from", policy.Ingress);
        AppendRules(text, "egress", "to", policy.Egress);
        return text.ToString();
    }

    private static void AppendRules(StringBuilder text, string direction, string peersKey, ImmutableArray<NetworkPolicyRule> rules)
    {
        if (rules.IsEmpty)
        {
            return;
        }

        text.Append($"  {direction}:\n");
        foreach (var rule in rules)
        {
            text.Append($"  - {peersKey}: [{string.Join(", ", rule.Peers.Select(Peer))}]\n");
            text.Append($"    ports: [{string.Join(", ", rule.Ports.Select(Port))}]\n");
        }
    }

    private static string Peer(NetworkPolicyPeer peer)
    {
        var fields = new List<string>();
        if (peer.PodSelector is { } pods)
        {
            fields.Add($"podSelector: {Selector(pods)}");
        }

        if (peer.NamespaceSelector is { } namespaces)
        {
            fields.Add($"namespaceSelector: {Selector(namespaces)}");
        }

        if (peer.IpBlock is { } block)
        {
            fields.Add($"ipBlock: {{cidr: \"{block.Cidr}\", except: [{string.Join(", ", block.Except.Select(e => $"\"{e}\""))}]}}");
        }

        return $"{{{string.Join(", ", fields)}}}";
    }

    private static string Port(NetworkPolicyPort port)
    {
        var fields = new List<string> { $"protocol: {port.Protocol.ToApiString()}" };
        if (port.Port is { } value)
        {
            fields.Add(value.IsName ? $"port: \"{value.Name}\"" : $"port: {value.Number}");
        }

        if (port.EndPort is { } end)
        {
            fields.Add($"endPort: {end}");
        }

        return $"{{{string.Join(", ", fields)}}}";
    }

    private static string Selector(LabelSelector selector)
    {
        var labels = string.Join(", ", selector.MatchLabels.Select(l => $"\"{l.Key}\": \"{l.Value}\""));
        var expressions = string.Join(", ", selector.MatchExpressions.Select(e =>
            $"{{key: \"{e.Key}\", operator: {e.Operator}, values: [{string.Join(", ", e.Values.Select(v => $"\"{v}\""))}]}}"));
        return $"{{matchLabels: {{{labels}}}, matchExpressions: [{expressions}]}}";
    }
}
