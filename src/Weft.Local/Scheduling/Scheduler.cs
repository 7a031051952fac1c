using Weft.Api.Resources;

namespace Weft.Local.Scheduling;

/// <summary>
/// Places pods on nodes. Pure and deterministic: a pod already running keeps its node; a pod that names a node
/// (<c>spec.nodeName</c>) goes there if the node exists; every other pod goes to the node with the fewest pods
/// (lowest node number on ties), in namespace/name order, which spreads a Deployment's replicas evenly.
/// </summary>
public static class Scheduler
{
    public static IReadOnlyList<PodPlacement> Place(
        IEnumerable<Pod> desired,
        IReadOnlyList<string> nodes,
        IReadOnlyDictionary<string, string> currentNodeByPodKey)
    {
        var load = nodes.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        var ordered = desired.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        var placements = new Dictionary<string, PodPlacement>(StringComparer.Ordinal);

        // First the pods whose node is already decided, so that the spread below sees the real load.
        foreach (var pod in ordered)
        {
            if (currentNodeByPodKey.TryGetValue(pod.Key, out var current) && load.TryGetValue(current, out var currentLoad))
            {
                placements[pod.Key] = new PodPlacement(pod, current, null);
                load[current] = currentLoad + 1;
            }
            else if (pod.Spec.NodeName is { } named)
            {
                if (load.TryGetValue(named, out var namedLoad))
                {
                    placements[pod.Key] = new PodPlacement(pod, named, null);
                    load[named] = namedLoad + 1;
                }
                else
                {
                    placements[pod.Key] = new PodPlacement(pod, null, $"node \"{named}\" does not exist (nodes: {string.Join(", ", nodes)})");
                }
            }
        }

        foreach (var pod in ordered)
        {
            if (placements.ContainsKey(pod.Key))
            {
                continue;
            }

            var node = nodes.OrderBy(n => load[n]).ThenBy(n => nodes.IndexOf(n)).FirstOrDefault();
            placements[pod.Key] = node is null
                ? new PodPlacement(pod, null, "the cluster has no nodes")
                : new PodPlacement(pod, node, null);
            if (node is not null)
            {
                load[node]++;
            }
        }

        return ordered.Select(p => placements[p.Key]).ToList();
    }

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
