using System.Collections.Immutable;
using System.Net;
using System.Text;
using Weft.Api.Manifests;
using Weft.Api.Resources;
using Weft.Datapath.Policy;
using Weft.Datapath.Testing;
using Weft.Policy.Inputs;
using static Weft.Policy.Tests.Support.Build;

namespace Weft.Datapath.Tests.Policy;

/// <summary>
/// The upstream network policy tests' 9-pod model (namespaces x, y, z; pods a, b, c; TCP and UDP 80 and 81) on
/// three nodes — pod a on node 1, b on node 2, c on node 3, so pairs are same-node and cross-node — with the
/// scenario manifests of <c>Policy/Scenarios</c> applied one after another (incremental syncs on every node). A
/// connection is traced through the source's node (egress, leaving to the underlay unless the destination is
/// local) and the destination's node (ingress); the verdict must equal the engine's for all 81 pairs.
/// </summary>
public sealed class NinePodScenarioTests
{
    private static readonly string[] Namespaces = ["x", "y", "z"];
    private static readonly string[] Names = ["a", "b", "c"];
    private static readonly (Protocol Protocol, int Port)[] Probes = [(Protocol.Tcp, 80), (Protocol.Tcp, 81), (Protocol.Udp, 80), (Protocol.Udp, 81)];

    private static int NodeOf(string pod) => Array.IndexOf(Names, pod) + 1;

    private static string Address(string ns, string pod) => $"10.244.{NodeOf(pod)}.{Array.IndexOf(Namespaces, ns) + 2}";

    private static ImmutableArray<Resource> ClusterResources() =>
    [
        .. Namespaces.Select(ns => (Resource)Namespace(ns, $"ns={ns}")),
        .. from ns in Namespaces
           from pod in Names
           select (Resource)Pod($"{ns}/{pod}", $"pod={pod}", Address(ns, pod),
               NamedPort("serve-80-tcp", 80), NamedPort("serve-80-udp", 80, Protocol.Udp),
               NamedPort("serve-81-tcp", 81), NamedPort("serve-81-udp", 81, Protocol.Udp)),
    ];

    [Fact]
    public async Task EveryScenario_InSequence_TracedVerdictsEqualTheEngine_ForAll81Pairs()
    {
        var nodes = Enumerable.Range(1, 3).Select(_ => new InMemoryNftables()).ToArray();
        var syncers = nodes.Select(n => new PolicyDatapathSyncer(n)).ToArray();
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Policy", "Scenarios"), "*.yaml").Order(StringComparer.Ordinal).ToList();
        files.Count.ShouldBeGreaterThanOrEqualTo(20);
        PolicyModels? previous = null;
        var mismatches = new StringBuilder();
        foreach (var file in files)
        {
            var loaded = ManifestReader.Load([file]);
            loaded.HasErrors.ShouldBeFalse(string.Join('\n', loaded.Diagnostics));
            var input = PolicyInput.FromResources(ClusterResources().Concat(loaded.Resources));
            var models = PolicyModels.Compile(new PolicyDatapathInput { Policies = input }, previous);
            previous = models;
            for (var node = 1; node <= 3; node++)
            {
                var local = Names[node - 1];
                var pods = Namespaces.Select(ns => new LocalPod($"{ns}/{local}", IPAddress.Parse(Address(ns, local)), Veth(ns, local)));
                var result = await syncers[node - 1].SyncAsync(NodePolicyPlanner.Plan(models, pods), CancellationToken.None);
                result.Error.ShouldBeNull();
            }

            var model = models.All;
            var denied = 0;
            foreach (var (protocol, port) in Probes)
            {
                for (var s = 0; s < model.Pods.Length; s++)
                {
                    for (var d = 0; d < model.Pods.Length; d++)
                    {
                        var (from, to) = (model.Pods[s], model.Pods[d]);
                        var expected = model.IsAllowed(s, d, protocol, port);
                        denied += expected ? 0 : 1;
                        var traced = Connect(nodes, from, to, protocol, port);
                        if (traced != expected)
                        {
                            mismatches.Append(Path.GetFileName(file)).Append(": ").Append(from.Key).Append(" -> ").Append(to.Key)
                                .Append(' ').Append(protocol).Append('/').Append(port).Append(": engine ").Append(expected).Append(", datapath ").Append(traced).Append('\n');
                        }
                    }
                }
            }

            // Every scenario denies something, so agreement is not the trivial all-allowed matrix.
            denied.ShouldBeGreaterThan(0, Path.GetFileName(file));
        }

        mismatches.ToString().ShouldBeEmpty();
    }

    private static string Veth(string ns, string pod) => $"weft{ns}{pod}";

    private static bool Connect(InMemoryNftables[] nodes, Pod from, Pod to, Protocol protocol, int port)
    {
        var (fromNode, toNode) = (NodeOf(from.Metadata.Name), NodeOf(to.Metadata.Name));
        var (source, destination) = (from.PodIPs[0], to.PodIPs[0]);
        var fromVeth = Veth(from.Metadata.Namespace!, from.Metadata.Name);
        var toVeth = Veth(to.Metadata.Namespace!, to.Metadata.Name);
        if (fromNode == toNode)
        {
            return Passes(nodes[fromNode - 1], new TracePacket(source, destination, protocol, port) { InInterface = fromVeth, OutInterface = toVeth });
        }

        return Passes(nodes[fromNode - 1], new TracePacket(source, destination, protocol, port) { InInterface = fromVeth, OutInterface = "eth0" })
            && Passes(nodes[toNode - 1], new TracePacket(source, destination, protocol, port) { InInterface = "eth0", OutInterface = toVeth });
    }

    private static bool Passes(InMemoryNftables node, TracePacket packet) =>
        new NftPacketTracer(node, []).Trace(packet).Single().Verdict == TraceVerdict.Accept;
}
