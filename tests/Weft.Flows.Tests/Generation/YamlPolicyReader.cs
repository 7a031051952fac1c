using System.Collections.Immutable;
using Weft.Api.Net;
using Weft.Api.Resources;
using Weft.Api.Selectors;
using YamlDotNet.RepresentationModel;

namespace Weft.Flows.Tests.Generation;

/// <summary>Reads generated YAML back into NetworkPolicy records with YamlDotNet (independent of the writer).</summary>
internal static class YamlPolicyReader
{
    public static List<NetworkPolicy> Read(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => Policy((YamlMappingNode)d.RootNode)).ToList();
    }

    private static NetworkPolicy Policy(YamlMappingNode root)
    {
        Scalar(root, "apiVersion").ShouldBe("networking.k8s.io/v1");
        Scalar(root, "kind").ShouldBe("NetworkPolicy");
        var metadata = (YamlMappingNode)root["metadata"];
        var spec = (YamlMappingNode)root["spec"];
        return new NetworkPolicy
        {
            Metadata = new ObjectMeta { Name = Scalar(metadata, "name")!, Namespace = Scalar(metadata, "namespace")! },
            PodSelector = Selector(spec["podSelector"]),
            PolicyTypes = [.. Sequence(spec, "policyTypes").Select(n => Enum.Parse<PolicyType>(((YamlScalarNode)n).Value!))],
            Ingress = [.. Sequence(spec, "ingress").Select(r => Rule((YamlMappingNode)r, "from"))],
            Egress = [.. Sequence(spec, "egress").Select(r => Rule((YamlMappingNode)r, "to"))],
        };
    }

    private static NetworkPolicyRule Rule(YamlMappingNode rule, string peersKey) => new()
    {
        Peers = [.. Sequence(rule, peersKey).Select(p => Peer((YamlMappingNode)p))],
        Ports = [.. Sequence(rule, "ports").Select(p => Port((YamlMappingNode)p))],
    };

    private static NetworkPolicyPeer Peer(YamlMappingNode peer)
    {
        if (peer.Children.TryGetValue(new YamlScalarNode("ipBlock"), out var block))
        {
            return new NetworkPolicyPeer { IpBlock = new IpBlock { Cidr = IpPrefix.Parse(Scalar((YamlMappingNode)block, "cidr")!) } };
        }

        return new NetworkPolicyPeer
        {
            PodSelector = peer.Children.TryGetValue(new YamlScalarNode("podSelector"), out var pods) ? Selector(pods) : null,
            NamespaceSelector = peer.Children.TryGetValue(new YamlScalarNode("namespaceSelector"), out var namespaces) ? Selector(namespaces) : null,
        };
    }

    private static NetworkPolicyPort Port(YamlMappingNode port)
    {
        ProtocolNames.TryParse(Scalar(port, "protocol"), out var protocol).ShouldBeTrue();
        var value = port.Children.TryGetValue(new YamlScalarNode("port"), out var node) ? (YamlScalarNode)node : null;
        IntOrString? parsed = value is null ? null
            : value.Style == YamlDotNet.Core.ScalarStyle.Plain && int.TryParse(value.Value, out var number) ? IntOrString.FromNumber(number)
            : IntOrString.FromName(value.Value!);
        return new NetworkPolicyPort { Protocol = protocol, Port = parsed };
    }

    private static LabelSelector Selector(YamlNode node)
    {
        var map = (YamlMappingNode)node;
        if (!map.Children.TryGetValue(new YamlScalarNode("matchLabels"), out var labels))
        {
            return LabelSelector.Everything;
        }

        return new LabelSelector
        {
            MatchLabels = ((YamlMappingNode)labels).Children.ToImmutableSortedDictionary(
                p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!),
        };
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? ((YamlScalarNode)node).Value : null;

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (YamlSequenceNode)node : [];
}
