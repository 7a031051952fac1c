using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Datapath.Nftables;
using Weft.Datapath.Policy;
using Weft.Datapath.Testing;
using Weft.Policy.Inputs;

namespace Weft.Datapath.Tests.Policy;

/// <summary>
/// A node whose pods are all local, each on a host veth named <c>veth-&lt;ns&gt;-&lt;pod&gt;</c>; the plan is
/// programmed into the in-memory nftables and packets are traced through it.
/// </summary>
internal sealed class PolicyTestbed
{
    public const string Underlay = "eth0";

    public InMemoryNftables Nft { get; } = new();

    public PolicyDatapathSyncer Syncer { get; }

    public PolicyModels? Models { get; private set; }

    public NodePolicyPlan? Plan { get; private set; }

    public PolicyTestbed() => Syncer = new PolicyDatapathSyncer(Nft);

    public static string Veth(string podKey) => "v" + podKey.Replace('/', '-');

    public static ImmutableArray<LocalPod> LocalPods(PolicyInput input) =>
        [.. input.Pods.Where(p => p.PodIPs.Length > 0).Select(p => new LocalPod(p.Key, p.PodIPs[0], Veth(p.Key)))];

    public async Task<PolicySyncResult> ApplyAsync(PolicyInput input, bool clusterAudit = false, IEnumerable<LocalPod>? localPods = null)
    {
        Models = PolicyModels.Compile(new PolicyDatapathInput { Policies = input, ClusterAudit = clusterAudit }, Models);
        Plan = NodePolicyPlanner.Plan(Models, localPods ?? LocalPods(input));
        var result = await Syncer.SyncAsync(Plan, CancellationToken.None);
        result.Error.ShouldBeNull();
        return result;
    }

    /// <summary>The first packet of a connection from pod (or underlay address) to pod (or external address).</summary>
    public TraceOutcome Trace(string from, string to, Protocol protocol, int port, bool established = false)
    {
        var (source, inInterface) = Resolve(from);
        var (destination, outInterface) = Resolve(to);
        var outcomes = new NftPacketTracer(Nft, []).Trace(new TracePacket(source, destination, protocol, port)
        {
            InInterface = inInterface,
            OutInterface = outInterface,
            Established = established,
        });
        outcomes.Length.ShouldBe(1);
        return outcomes[0];
    }

    public bool Allows(string from, string to, Protocol protocol, int port) => Trace(from, to, protocol, port).Verdict == TraceVerdict.Accept;

    private (IPAddress Address, string Interface) Resolve(string endpoint)
    {
        if (IPAddress.TryParse(endpoint, out var address))
        {
            return (address, Underlay);
        }

        var pod = Models!.All.Pods.Single(p => p.Key == endpoint);
        return (pod.PodIPs[0], Veth(endpoint));
    }
}
