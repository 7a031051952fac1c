using Weft.Api.Resources;

namespace Weft.Services.Endpoints;

/// <summary>
/// Pods indexed by namespace and by each label pair, so selecting a service's pods costs the size of the smallest
/// matching label bucket instead of a scan of the namespace (10,000 services over 50,000 pods stays linear).
/// </summary>
internal sealed class PodIndex
{
    private readonly Dictionary<(string Namespace, string Key, string Value), List<Pod>> byLabel = [];

    public PodIndex(IEnumerable<Pod> pods)
    {
        foreach (var pod in pods)
        {
            foreach (var (key, value) in pod.Metadata.Labels)
            {
                if (!byLabel.TryGetValue((pod.Namespace, key, value), out var list))
                {
                    byLabel[(pod.Namespace, key, value)] = list = [];
                }

                list.Add(pod);
            }
        }
    }

    /// <summary>Pods in <paramref name="ns"/> carrying every label of a non-empty selector.</summary>
    public IReadOnlyList<Pod> Select(string ns, IReadOnlyDictionary<string, string> selector)
    {
        List<Pod>? smallest = null;
        foreach (var (key, value) in selector)
        {
            if (!byLabel.TryGetValue((ns, key, value), out var bucket))
            {
                return [];
            }

            if (smallest is null || bucket.Count < smallest.Count)
            {
                smallest = bucket;
            }
        }

        return smallest is null ? [] : smallest.Where(p => Matches(p, selector)).ToList();
    }

    private static bool Matches(Pod pod, IReadOnlyDictionary<string, string> selector)
    {
        foreach (var (key, value) in selector)
        {
            if (!pod.Metadata.Labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
