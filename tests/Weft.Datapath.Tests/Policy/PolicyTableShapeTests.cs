using Weft.Api.Resources;
using Weft.Datapath.Nftables;
using Weft.Datapath.Policy;
using Weft.Policy.Inputs;
using static Weft.Policy.Tests.Support.Build;

namespace Weft.Datapath.Tests.Policy;

/// <summary>The ipcache and the per-connection path: what is exact, what is a range, and what does not grow with policies.</summary>
public sealed class PolicyTableShapeTests
{
    private static PolicyInput Cluster(params Resource[] policies) => PolicyInput.FromResources(
        new Resource[]
        {
            Namespace("x", "ns=x"), Namespace("y", "ns=y"),
            Pod("x/a", "pod=a", "10.244.1.2"), Pod("x/b", "pod=b", "10.244.1.3"), Pod("y/a", "pod=a", "10.244.2.2"),
        }.Concat(policies));

    private static NetworkPolicy AllowFrom(string key, params NetworkPolicyPeer[] peers) =>
        Np(key, Sel("pod=a"), ingress: [Rule(peers, [Port(80)])], types: PolicyType.Ingress);

    private static uint Address(string text) => AddressRange.ToUInt32(System.Net.IPAddress.Parse(text));

    [Fact]
    public async Task Ipcache_PodsAndSingleAddressAtomsAreExact_CidrAtomsAreRanges_TheWorldIsInNeither()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster(AllowFrom("y/office", IpPeer("192.168.0.0/16", "192.168.1.0/24"), IpPeer("203.0.113.7/32"))));
        var ipcache = bed.Plan!.Ipcache;

        ipcache.Addresses.Keys.ShouldBe([Address("10.244.1.2"), Address("10.244.1.3"), Address("10.244.2.2"), Address("203.0.113.7")], ignoreOrder: true);
        ipcache.Ranges.Select(r => r.Range.ToString()).ShouldBe(["192.168.0.0-192.168.0.255", "192.168.1.0-192.168.1.255", "192.168.2.0-192.168.255.255"]);
        ipcache.Ranges[0].Class.ShouldBe(ipcache.Ranges[2].Class);
        ipcache.Ranges[1].Class.ShouldNotBe(ipcache.Ranges[0].Class);
        ipcache.ClassOf(Address("8.8.8.8")).ShouldBe(PolicyIpcache.WorldClass);
        ipcache.Classes[ipcache.ClassOf(Address("192.168.7.1"))].ShouldBe("ext|192.168.0.0/16");
        bed.Allows("192.168.7.1", "y/a", Protocol.Tcp, 80).ShouldBeTrue();
        bed.Allows("192.168.1.1", "y/a", Protocol.Tcp, 80).ShouldBeFalse();
        bed.Allows("203.0.113.7", "y/a", Protocol.Tcp, 80).ShouldBeTrue();
        bed.Allows("203.0.113.8", "y/a", Protocol.Tcp, 80).ShouldBeFalse();
    }

    [Fact]
    public async Task SameIdentityAndPorts_ShareOneClass_AndLocalPodsOfOneClassShareProfiles()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(PolicyInput.FromResources(
        [
            Namespace("x"), Pod("x/a1", "pod=a", "10.244.1.2"), Pod("x/a2", "pod=a", "10.244.1.3"), Pod("x/c", "pod=c", "10.244.1.4"),
            Np("x/allow", Sel("pod=a"), ingress: [Rule([PodPeer("pod=a")], [Port(80)])], types: PolicyType.Ingress),
        ]));
        var plan = bed.Plan!;

        plan.Ipcache.Addresses[Address("10.244.1.2")].ShouldBe(plan.Ipcache.Addresses[Address("10.244.1.3")]);
        plan.Ipcache.Addresses[Address("10.244.1.4")].ShouldNotBe(plan.Ipcache.Addresses[Address("10.244.1.2")]);
        var ingress = plan.Directions.Where(d => d.Ingress && d.PodKey.StartsWith("x/a", StringComparison.Ordinal)).ToList();
        ingress.Select(d => d.Profiles).Distinct().Count().ShouldBe(1);
        plan.Profiles.Count.ShouldBe(1);
    }

    [Fact]
    public void PerConnectionRules_DoNotGrowWithPolicies_OnlyMapElementsDo()
    {
        var one = PolicyRulesetBuilder.Build(Plan(1));
        var many = PolicyRulesetBuilder.Build(Plan(300));

        foreach (var chain in new[] { PolicyRulesetBuilder.ForwardChain, PolicyRulesetBuilder.EgressChain, PolicyRulesetBuilder.IngressChain })
        {
            many.Chains[chain].SameContentAs(one.Chains[chain]).ShouldBeTrue(chain);
        }

        many.Chains.Count.ShouldBe(one.Chains.Count);
        many.Maps.Count.ShouldBe(one.Maps.Count);
        many.Maps[PolicyRulesetBuilder.PeerAddresses].Elements.Count.ShouldBe(one.Maps[PolicyRulesetBuilder.PeerAddresses].Elements.Count + 299);
        many.Maps[PolicyRulesetBuilder.IngressClasses].Elements.Count.ShouldBe(one.Maps[PolicyRulesetBuilder.IngressClasses].Elements.Count + 299);
    }

    [Fact]
    public async Task AddingAnIpBlockPolicy_TouchesOnlyItsCidrsAddressesAndThePodsItSelects()
    {
        var bed = new PolicyTestbed();
        await bed.ApplyAsync(Cluster());

        await bed.ApplyAsync(Cluster(AllowFrom("y/office", IpPeer("192.168.0.0/24"))));

        var operations = bed.Nft.Applied[^1].Operations;
        var elements = operations.OfType<NftOperation.AddElement>().Concat<NftOperation>(operations.OfType<NftOperation.DeleteElement>()).ToList();
        operations.OfType<NftOperation.AddElement>().Where(e => e.Map == PolicyRulesetBuilder.PeerRanges).Select(e => e.Key).ShouldBe(["192.168.0.0-192.168.0.255"]);
        elements.ShouldNotContain(e => e is NftOperation.AddElement && ((NftOperation.AddElement)e).Map == PolicyRulesetBuilder.PeerAddresses);
        operations.OfType<NftOperation.AddElement>().Where(e => e.Map is PolicyRulesetBuilder.IngressClasses or PolicyRulesetBuilder.IngressDefaults)
            .ShouldAllBe(e => e.Key.StartsWith("\"vy-a\"", StringComparison.Ordinal));
        operations.OfType<NftOperation.AddElement>().ShouldNotContain(e => e.Map == PolicyRulesetBuilder.EgressClasses || e.Map == PolicyRulesetBuilder.EgressDefaults);
        operations.OfType<NftOperation.DeleteElement>().ShouldBeEmpty();
    }

    private static NodePolicyPlan Plan(int ipBlocks)
    {
        var policies = Enumerable.Range(0, ipBlocks).Select(i => (Resource)AllowFrom($"x/p{i}", IpPeer($"172.16.{i / 100}.{(2 * (i % 100)) + 1}/32")));
        var input = Cluster([.. policies]);
        return NodePolicyPlanner.Plan(PolicyModels.Compile(new PolicyDatapathInput { Policies = input }), PolicyTestbed.LocalPods(input));
    }
}
