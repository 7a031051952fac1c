using System.Collections.Immutable;
using System.Text;
using Weft.Api.Resources;
using Weft.Api.Selectors;

namespace Weft.Flows.Generation;

/// <summary>
/// Least-privilege NetworkPolicies from observed flows (<c>weft policy generate --from-flows</c>): for every destination
/// workload one ingress policy allowing exactly the observed sources on the observed ports, and for every source
/// workload one egress policy allowing exactly the observed destinations (DNS included when it was observed).
/// Forwarded and audited flows count; drops do not. Output is deterministic: sorted workloads, peers and ports.
/// </summary>
public static class PolicyGenerator
{
    public const string GeneratedAnnotation = "policy.weft.io/generated";

    /// <param name="flows">Observed flows (any order, duplicates welcome: the same flow seen by two nodes counts once).</param>
    /// <param name="pods">The cluster's pods, for named ports: a port is written by name only when every pod the
    /// policy's selector picks names that number the same way; otherwise by number.</param>
    public static PolicyGenerationResult Generate(IEnumerable<FlowRecord> flows, IEnumerable<Pod> pods, PolicyGenerationOptions options)
    {
        var podList = pods.ToList();
        var ingress = new SortedDictionary<Workload, SortedDictionary<PeerKey, SortedSet<PortKey>>>();
        var egress = new SortedDictionary<Workload, SortedDictionary<PeerKey, SortedSet<PortKey>>>();
        var warnings = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var flow in flows)
        {
            if (flow.Verdict == FlowVerdict.Dropped || flow.IsReply || (options.Since is { } since && flow.Time < since))
            {
                continue;
            }

            if (!flow.Protocol.HasPorts() || flow.Destination.Port == 0)
            {
                warnings.Add($"{flow.Source.DisplayName} -> {flow.Destination.DisplayName} {flow.Protocol.ToLowerName()}: NetworkPolicy cannot express this protocol; not allowed");
                continue;
            }

            var protocol = (Protocol)(byte)flow.Protocol;
            var destination = Workload.Of(flow.Destination);
            if (options.Ingress && flow.Destination.IsPod && InScope(flow.Destination, options))
            {
                if (destination is null)
                {
                    warnings.Add($"{flow.Destination.DisplayName} has no labels, so no policy can select it alone; its ingress is left open");
                }
                else
                {
                    Add(ingress, destination, PeerOf(flow.Source, warnings), PortOf(protocol, flow.Destination.Port, destination, podList));
                }
            }

            if (options.Egress && flow.Source.IsPod && InScope(flow.Source, options))
            {
                if (Workload.Of(flow.Source) is not { } source)
                {
                    warnings.Add($"{flow.Source.DisplayName} has no labels, so no policy can select it alone; its egress is left open");
                }
                else
                {
                    var port = destination is null
                        ? new PortKey(protocol, flow.Destination.Port, null)
                        : PortOf(protocol, flow.Destination.Port, destination, podList);
                    Add(egress, source, PeerOf(flow.Destination, warnings), port);
                }
            }
        }

        var policies = new List<NetworkPolicy>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (workload, peers) in ingress)
        {
            policies.Add(Policy(workload, PolicyType.Ingress, peers, names));
        }

        foreach (var (workload, peers) in egress)
        {
            policies.Add(Policy(workload, PolicyType.Egress, peers, names));
        }

        var sorted = policies
            .OrderBy(p => p.Namespace, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToImmutableArray();
        return new PolicyGenerationResult(sorted, [.. warnings]);
    }

    private static bool InScope(FlowEndpoint pod, PolicyGenerationOptions options) =>
        options.Namespace is null || string.Equals(pod.Namespace, options.Namespace, StringComparison.Ordinal);

    private static PeerKey PeerOf(FlowEndpoint endpoint, SortedSet<string> warnings)
    {
        if (!endpoint.IsPod)
        {
            return new PeerKey(null, endpoint.Address);
        }

        if (Workload.Of(endpoint) is { } workload)
        {
            return new PeerKey(workload, null);
        }

        // An unlabeled pod can only be named as "every pod of its namespace": broader than what was observed.
        warnings.Add($"{endpoint.DisplayName} has no labels; it is allowed as a peer through all pods of namespace {endpoint.Namespace}");
        return new PeerKey(new Workload(endpoint.Namespace!, ImmutableSortedDictionary<string, string>.Empty, endpoint.Namespace!), null);
    }

    private static PortKey PortOf(Protocol protocol, int number, Workload destination, List<Pod> pods)
    {
        string? agreed = null;
        var any = false;
        foreach (var pod in pods)
        {
            if (!string.Equals(pod.Namespace, destination.Namespace, StringComparison.Ordinal)
                || !new LabelSelector { MatchLabels = destination.Selector }.Matches(pod.Metadata.Labels))
            {
                continue;
            }

            var name = NameOf(pod, protocol, number);
            if (name is null || (any && !string.Equals(name, agreed, StringComparison.Ordinal)))
            {
                return new PortKey(protocol, number, null);
            }

            agreed = name;
            any = true;
        }

        return new PortKey(protocol, number, agreed);
    }

    private static string? NameOf(Pod pod, Protocol protocol, int number)
    {
        foreach (var container in pod.Spec.Containers)
        {
            foreach (var port in container.Ports)
            {
                if (port.Port == number && port.Protocol == protocol && !string.IsNullOrEmpty(port.Name))
                {
                    return port.Name;
                }
            }
        }

        return null;
    }

    private static void Add(
        SortedDictionary<Workload, SortedDictionary<PeerKey, SortedSet<PortKey>>> into, Workload workload, PeerKey peer, PortKey port)
    {
        if (!into.TryGetValue(workload, out var peers))
        {
            into[workload] = peers = [];
        }

        if (!peers.TryGetValue(peer, out var ports))
        {
            peers[peer] = ports = [];
        }

        ports.Add(port);
    }

    private static NetworkPolicy Policy(
        Workload workload, PolicyType type, SortedDictionary<PeerKey, SortedSet<PortKey>> peers, HashSet<string> names)
    {
        // Peers that use the same ports share one rule; rules are ordered by their first peer.
        var rules = peers
            .GroupBy(p => string.Join(",", p.Value.Select(k => $"{k.Protocol}/{k.Number}/{k.Name}")), StringComparer.Ordinal)
            .Select(g => new NetworkPolicyRule
            {
                Peers = [.. g.Select(p => p.Key.ToPeer(workload.Namespace))],
                Ports = [.. g.First().Value.Select(k => k.ToPort())],
            })
            .ToImmutableArray();
        var suffix = type == PolicyType.Ingress ? "ingress" : "egress";
        var baseName = $"{DnsLabel(workload.Name)}-{suffix}";
        var name = baseName;
        for (var i = 2; !names.Add($"{workload.Namespace}/{name}"); i++)
        {
            name = $"{baseName}-{i}";
        }

        return new NetworkPolicy
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = workload.Namespace,
                Annotations = ImmutableSortedDictionary<string, string>.Empty.Add(GeneratedAnnotation, "from-flows"),
            },
            PodSelector = new LabelSelector { MatchLabels = workload.Selector },
            PolicyTypes = [type],
            Ingress = type == PolicyType.Ingress ? rules : [],
            Egress = type == PolicyType.Egress ? rules : [],
        };
    }

    /// <summary>Lower-case letters, digits and '-', at most 50 characters, so that the name stays a valid object name.</summary>
    private static string DnsLabel(string text)
    {
        var name = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var trimmed = name.ToString().Trim('-');
        trimmed = trimmed.Length > 50 ? trimmed[..50].TrimEnd('-') : trimmed;
        return trimmed.Length == 0 ? "workload" : trimmed;
    }
}
