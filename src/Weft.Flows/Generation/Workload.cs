using System.Collections.Immutable;

namespace Weft.Flows.Generation;

/// <summary>
/// Pods grouped for policy: one namespace and the labels that select them — <c>app</c> when present, else
/// <c>app.kubernetes.io/name</c>, else all the pod's labels (its identity's pod part).
/// </summary>
internal sealed record Workload(string Namespace, ImmutableSortedDictionary<string, string> Selector, string Name) : IComparable<Workload>
{
    private static readonly string[] NameLabels = ["app", "app.kubernetes.io/name"];

    public static Workload? Of(FlowEndpoint pod)
    {
        if (pod.Namespace is null || pod.PodName is null || pod.Labels.IsEmpty)
        {
            return null;
        }

        foreach (var key in NameLabels)
        {
            if (pod.Labels.TryGetValue(key, out var value))
            {
                return new Workload(pod.Namespace, ImmutableSortedDictionary<string, string>.Empty.Add(key, value), value);
            }
        }

        return new Workload(pod.Namespace, pod.Labels, pod.PodName);
    }

    public string SelectorText => string.Join(",", Selector.Select(p => $"{p.Key}={p.Value}"));

    public int CompareTo(Workload? other) =>
        other is null ? 1
        : string.CompareOrdinal(Namespace, other.Namespace) is var byNamespace and not 0 ? byNamespace
        : string.CompareOrdinal(SelectorText, other.SelectorText);

    public bool Equals(Workload? other) => other is not null && CompareTo(other) == 0;

    public override int GetHashCode() => HashCode.Combine(Namespace, SelectorText);
}
