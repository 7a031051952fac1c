using System.Collections.Immutable;

namespace Weft.Local.Cluster;

/// <summary>
/// Every kernel object name and address of a local cluster, computed from its spec. Pure: the topology
/// builder, <c>weft down</c> and the tests all derive names from here, so they can never disagree.
/// </summary>
public sealed record ClusterLayout
{
    /// <summary>Prefix of every network namespace and state path of any Weft cluster.</summary>
    public const string GlobalPrefix = "weft-";

    public required ClusterSpec Spec { get; init; }

    public required ImmutableArray<NodeLayout> Nodes { get; init; }

    /// <summary>Prefix of every network namespace this cluster owns: <c>weft-&lt;cluster&gt;-</c>.</summary>
    public string Prefix => $"{GlobalPrefix}{Spec.Name}-";

    public string UnderlayNetns => $"{Prefix}underlay";

    /// <summary>Name of the underlay bridge inside the underlay namespace.</summary>
    public static string UnderlayBridge => "weft-br0";

    /// <summary>Node-side name of a node's underlay veth (inside the node namespace).</summary>
    public static string NodeUplink => "weft-up0";

    /// <summary>Underlay-side name of node <paramref name="index"/>'s veth (inside the underlay namespace).</summary>
    public static string UnderlayPort(int index) => $"weft-n{index}";

    public static string VxlanDevice => "weft-vx0";

    public static ClusterLayout For(ClusterSpec spec)
    {
        var nodes = ImmutableArray.CreateBuilder<NodeLayout>(spec.Nodes);
        for (var i = 1; i <= spec.Nodes; i++)
        {
            var name = $"node-{i}";
            nodes.Add(new NodeLayout
            {
                Name = name,
                Index = i,
                Netns = $"{GlobalPrefix}{spec.Name}-{name}",
                UnderlayAddress = spec.UnderlayCidr.AddressAt((UInt128)(i + 1)),
                PodCidr = spec.PodCidr.Subnet(spec.NodeCidrLength, (UInt128)(i - 1)),
            });
        }

        return new ClusterLayout { Spec = spec, Nodes = nodes.MoveToImmutable() };
    }

    public NodeLayout? FindNode(string name) => Nodes.FirstOrDefault(n => n.Name == name);

    /// <summary>
    /// Network namespace of a pod. Pod names are unique per Kubernetes namespace; the namespace and name are
    /// both DNS labels/subdomains, so the pair joined by '_' is unique and a valid file name.
    /// </summary>
    public string PodNetns(string podNamespace, string podName) => $"{Prefix}pod-{podNamespace}_{podName}";

    /// <summary>True when <paramref name="netns"/> belongs to this cluster.</summary>
    public bool Owns(string netns) => netns.StartsWith(Prefix, StringComparison.Ordinal);
}
