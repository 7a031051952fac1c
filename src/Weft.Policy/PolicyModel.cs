using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Policy.Compilation;
using Weft.Policy.Identities;
using Weft.Policy.Inputs;

namespace Weft.Policy;

/// <summary>
/// The compiled, immutable policy model of one snapshot. Readers take no locks; a new snapshot is a new
/// model with a higher <see cref="Revision"/>. A verdict is a lookup of each pod's identity policy and a
/// walk over the few rules that select that identity: its cost does not grow with the number of policies
/// in the cluster, only with the policies selecting the pods involved.
/// </summary>
public sealed partial class PolicyModel
{
    private readonly IdentityTable table;
    private readonly CompiledPod[] pods;
    private readonly CompiledPolicy[] networkPolicies;
    private readonly CompiledPolicy[] adminPolicies;
    private readonly CompiledPolicy? baseline;
    private readonly IdentityPolicy[] identityPolicies;
    private readonly AdminRuleIndex ingressAdmin;
    private readonly AdminRuleIndex egressAdmin;
    private readonly Dictionary<string, int> podsByKey;
    private readonly Dictionary<IPAddress, int> podsByAddress;

    internal PolicyModel(long revision, PolicyInput input, IdentityTable table, CompiledPod[] pods, CompiledPolicy[] networkPolicies, CompiledPolicy[] adminPolicies, CompiledPolicy? baseline, IdentityPolicy[] identityPolicies, AdminRuleIndex ingressAdmin, AdminRuleIndex egressAdmin)
    {
        Revision = revision;
        Input = input;
        this.table = table;
        this.pods = pods;
        this.networkPolicies = networkPolicies;
        this.adminPolicies = adminPolicies;
        this.baseline = baseline;
        this.identityPolicies = identityPolicies;
        this.ingressAdmin = ingressAdmin;
        this.egressAdmin = egressAdmin;
        Pods = [.. pods.Select(p => p.Source)];
        podsByKey = new Dictionary<string, int>(pods.Length, StringComparer.Ordinal);
        podsByAddress = [];
        foreach (var pod in pods)
        {
            // Validation rejects duplicate names; should two arrive anyway (built in code), the first wins.
            podsByKey.TryAdd(pod.Key, pod.Index);
            foreach (var address in pod.Source.PodIPs)
            {
                podsByAddress.TryAdd(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, pod.Index);
            }
        }
    }

    public long Revision { get; }

    public PolicyInput Input { get; }

    /// <summary>All pods (Deployments expanded), ordered by <c>namespace/name</c>.</summary>
    public ImmutableArray<Pod> Pods { get; }

    public int IdentityCount => table.Identities.Length;

    public ImmutableArray<Identity> Identities => table.Identities;

    public ImmutableArray<NamespaceInfo> Namespaces => table.Namespaces;

    /// <summary>Distinct per-identity direction policies after sharing (a measure of compiled size).</summary>
    public int DistinctDirectionPolicies => identityPolicies.SelectMany(p => new[] { p.Ingress, p.Egress }).Distinct().Count();

    /// <summary>Finds a pod by <c>namespace/name</c>.</summary>
    public bool TryFindPod(string key, out int index) => podsByKey.TryGetValue(key, out index);

    /// <summary>Finds the pod that owns <paramref name="address"/> (from <c>status.podIPs</c>).</summary>
    public bool TryFindPodByAddress(IPAddress address, out int index) =>
        podsByAddress.TryGetValue(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, out index);

    /// <summary>The identity id of pod <paramref name="podIndex"/>.</summary>
    public int IdentityOf(int podIndex) => pods[podIndex].IdentityId;

    internal IReadOnlyList<CompiledPolicy> CompiledNetworkPolicies => networkPolicies;

    internal IReadOnlyList<CompiledPolicy> CompiledAdminPolicies => adminPolicies;

    internal CompiledPolicy? CompiledBaseline => baseline;

    internal IReadOnlyList<CompiledPod> CompiledPods => pods;
}
