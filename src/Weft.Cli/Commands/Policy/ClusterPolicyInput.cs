using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Local.Daemon;
using Weft.Local.Runtime;
using Weft.Policy.Inputs;

namespace Weft.Cli.Commands.Policy;

/// <summary>
/// A running cluster as the policy engine's input, the way its node agents see it: the objects are the replay of
/// the daemon's change log (so labels, named ports and policies are exactly the daemon's), and each pod carries the
/// node and address it runs with. Pods without an address yet are left out, as the datapath leaves them out: an
/// ipBlock cannot match them and nothing can reach them.
/// </summary>
internal static class ClusterPolicyInput
{
    public static PolicyInput From(DesiredView view, out IReadOnlyList<string> unaddressed)
    {
        var state = DesiredState.Replay(view.Log);
        var running = view.Pods.ToDictionary(p => $"{p.Namespace}/{p.Name}", StringComparer.Ordinal);
        var pods = ImmutableArray.CreateBuilder<Pod>();
        var missing = new List<string>();
        foreach (var pod in state.Pods())
        {
            if (running.TryGetValue(pod.Key, out var live) && live.Ip is { } ip && IPAddress.TryParse(ip, out var address))
            {
                pods.Add(pod with { Spec = pod.Spec with { NodeName = live.Node }, PodIPs = [address] });
            }
            else
            {
                missing.Add(pod.Key);
            }
        }

        unaddressed = missing;
        var objects = state.Objects.Values;
        return new PolicyInput
        {
            Namespaces = [.. objects.OfType<Namespace>()],
            Pods = pods.ToImmutable(),
            NetworkPolicies = [.. objects.OfType<NetworkPolicy>()],
            AdminNetworkPolicies = [.. objects.OfType<AdminNetworkPolicy>()],
            BaselineAdminNetworkPolicy = objects.OfType<BaselineAdminNetworkPolicy>().FirstOrDefault(),
        };
    }
}
