using System.Collections.Immutable;
using Weft.Api.Resources;
using Weft.Api.Workloads;

namespace Weft.Policy.Inputs;

/// <summary>
/// Everything the policy engine reads: namespaces, pods and the three policy kinds. Deployments are
/// expanded into their pods when built from resources.
/// </summary>
public sealed record PolicyInput
{
    public ImmutableArray<Namespace> Namespaces { get; init; } = [];

    public ImmutableArray<Pod> Pods { get; init; } = [];

    public ImmutableArray<NetworkPolicy> NetworkPolicies { get; init; } = [];

    public ImmutableArray<AdminNetworkPolicy> AdminNetworkPolicies { get; init; } = [];

    /// <summary>The cluster's BaselineAdminNetworkPolicy (the API allows only one), if any.</summary>
    public BaselineAdminNetworkPolicy? BaselineAdminNetworkPolicy { get; init; }

    public static PolicyInput FromResources(IEnumerable<Resource> resources)
    {
        var namespaces = ImmutableArray.CreateBuilder<Namespace>();
        var pods = ImmutableArray.CreateBuilder<Pod>();
        var policies = ImmutableArray.CreateBuilder<NetworkPolicy>();
        var admin = ImmutableArray.CreateBuilder<AdminNetworkPolicy>();
        BaselineAdminNetworkPolicy? baseline = null;
        foreach (var resource in resources)
        {
            switch (resource)
            {
                case Namespace ns: namespaces.Add(ns); break;
                case Pod pod: pods.Add(pod); break;
                case Deployment deployment: pods.AddRange(DeploymentExpander.Expand(deployment)); break;
                case NetworkPolicy policy: policies.Add(policy); break;
                case AdminNetworkPolicy anp: admin.Add(anp); break;
                case BaselineAdminNetworkPolicy banp: baseline = banp; break;
                default: break;
            }
        }

        return new PolicyInput
        {
            Namespaces = namespaces.ToImmutable(),
            Pods = pods.ToImmutable(),
            NetworkPolicies = policies.ToImmutable(),
            AdminNetworkPolicies = admin.ToImmutable(),
            BaselineAdminNetworkPolicy = baseline,
        };
    }
}
