using System.Collections.Immutable;
using Weft.Api.Net;
using Weft.Api.Resources;
using Weft.Policy.Compilation;
using Weft.Policy.Evaluation;

namespace Weft.Policy.Lint;

/// <summary>
/// Finds what a platform engineer wants to know before applying policies: policies that select no pods,
/// namespace selectors that match no namespace, named ports no relevant pod exposes, ipBlocks that also
/// match pod addresses, ANP rules that can never decide because an earlier rule covers them, and ANPs
/// sharing a priority (their relative order is implementation-defined).
/// </summary>
public static partial class PolicyLinter
{
    public static ImmutableArray<LintWarning> Lint(PolicyModel model)
    {
        var warnings = ImmutableArray.CreateBuilder<LintWarning>();
        foreach (var policy in model.CompiledNetworkPolicies)
        {
            LintNetworkPolicy(model, policy, warnings);
        }

        foreach (var policy in model.CompiledAdminPolicies)
        {
            LintAdminPolicy(model, policy, warnings);
        }

        if (model.CompiledBaseline is { } baseline)
        {
            LintAdminPolicy(model, baseline, warnings);
        }

        LintSharedPriorities(model, warnings);
        LintShadowedRules(model, warnings);
        return warnings.ToImmutable();
    }

    private static string Label(Resource policy) => $"{policy.Kind} {policy.Key}";

    private static void LintNetworkPolicy(PolicyModel model, CompiledPolicy compiled, ImmutableArray<LintWarning>.Builder warnings)
    {
        var policy = (NetworkPolicy)compiled.Source;
        var label = Label(policy);
        if (compiled.Subject.Count == 0)
        {
            warnings.Add(new LintWarning(policy.Source, label, "spec.podSelector", $"selects no pods in namespace {policy.Namespace} ({PolicyText.Selector(policy.PodSelector)})"));
        }

        foreach (var (direction, rules, compiledRules, peerField) in new[]
        {
            ("ingress", policy.AppliesToIngress ? policy.Ingress : [], compiled.Ingress, "from"),
            ("egress", policy.AppliesToEgress ? policy.Egress : [], compiled.Egress, "to"),
        })
        {
            for (var r = 0; r < rules.Length; r++)
            {
                var rule = rules[r];
                for (var p = 0; p < rule.Peers.Length; p++)
                {
                    var peer = rule.Peers[p];
                    var field = $"spec.{direction}[{r}].{peerField}[{p}]";
                    if (peer.NamespaceSelector is { } nsSelector && !model.Namespaces.Any(n => nsSelector.Matches(n.Labels)))
                    {
                        warnings.Add(new LintWarning(policy.Source, label, $"{field}.namespaceSelector", $"matches no namespace ({PolicyText.Selector(nsSelector)})"));
                    }

                    if (peer.IpBlock is { } block)
                    {
                        var pods = PodsInBlock(model, block.Cidr, [.. block.Except]);
                        if (pods.Count > 0)
                        {
                            warnings.Add(new LintWarning(policy.Source, label, $"{field}.ipBlock", $"{block.Cidr} also matches pod addresses ({Few(pods)}); ipBlock is meant for addresses outside the cluster, select pods by labels"));
                        }
                    }
                }

                for (var p = 0; p < rule.Ports.Length; p++)
                {
                    if (rule.Ports[p].Port is { IsName: true } named)
                    {
                        // Named ports resolve on the destination: the selected pods for ingress, the peers for egress.
                        var destinations = direction == "ingress" ? compiled.Subject.Ids : PeerIdentities(model, compiledRules[r]);
                        if (!Exposes(model, destinations, named.Name!, rules[r].Ports[p].Protocol))
                        {
                            warnings.Add(new LintWarning(policy.Source, label, $"spec.{direction}[{r}].ports[{p}].port", $"named port '{named.Name}' ({rule.Ports[p].Protocol.ToApiString()}) is not exposed by any {(direction == "ingress" ? "selected" : "destination")} pod"));
                        }
                    }
                }
            }
        }
    }

    private static void LintAdminPolicy(PolicyModel model, CompiledPolicy compiled, ImmutableArray<LintWarning>.Builder warnings)
    {
        var source = compiled.Source;
        var label = Label(source);
        var (subject, ingress, egress) = source switch
        {
            AdminNetworkPolicy a => (a.Subject, a.Ingress, a.Egress),
            BaselineAdminNetworkPolicy b => (b.Subject, b.Ingress, b.Egress),
            _ => throw new InvalidOperationException(source.Kind),
        };
        if (compiled.Subject.Count == 0)
        {
            warnings.Add(new LintWarning(source.Source, label, "spec.subject", $"selects no pods ({PolicyText.Subject(subject)})"));
        }

        CheckNamespaces(model, subject, "spec.subject", source, label, warnings);
        foreach (var (direction, rules, compiledRules, peerField) in new[] { ("ingress", ingress, compiled.Ingress, "from"), ("egress", egress, compiled.Egress, "to") })
        {
            for (var r = 0; r < rules.Length; r++)
            {
                for (var p = 0; p < rules[r].Peers.Length; p++)
                {
                    CheckNamespaces(model, rules[r].Peers[p], $"spec.{direction}[{r}].{peerField}[{p}]", source, label, warnings);
                }

                for (var p = 0; p < rules[r].Ports.Length; p++)
                {
                    if (rules[r].Ports[p].NamedPort is { } portName)
                    {
                        var destinations = direction == "ingress" ? compiled.Subject.Ids : PeerIdentities(model, compiledRules[r]);
                        if (!Exposes(model, destinations, portName, null))
                        {
                            warnings.Add(new LintWarning(source.Source, label, $"spec.{direction}[{r}].ports[{p}].namedPort", $"named port '{portName}' is not exposed by any {(direction == "ingress" ? "selected" : "destination")} pod"));
                        }
                    }
                }
            }
        }
    }

    private static void CheckNamespaces(PolicyModel model, AdminSubject subject, string field, Resource source, string label, ImmutableArray<LintWarning>.Builder warnings)
    {
        var (selector, suffix) = subject.Namespaces is { } ns ? (ns, "namespaces") : (subject.PodNamespaces, "pods.namespaceSelector");
        if (selector is not null && !model.Namespaces.Any(n => selector.Matches(n.Labels)))
        {
            warnings.Add(new LintWarning(source.Source, label, $"{field}.{suffix}", $"matches no namespace ({PolicyText.Selector(selector)})"));
        }
    }

    private static void LintSharedPriorities(PolicyModel model, ImmutableArray<LintWarning>.Builder warnings)
    {
        foreach (var group in model.CompiledAdminPolicies.GroupBy(p => p.Priority).Where(g => g.Count() > 1))
        {
            var names = group.Select(p => p.Source.Name).ToList();
            foreach (var policy in group)
            {
                warnings.Add(new LintWarning(policy.Source.Source, Label(policy.Source), "spec.priority", $"priority {group.Key} is shared by {string.Join(", ", names)}; their order is implementation-defined (Weft orders them by name)"));
            }
        }
    }

    private static List<string> PodsInBlock(PolicyModel model, IpPrefix cidr, IpPrefix[] except)
    {
        var matches = new List<string>();
        foreach (var pod in model.CompiledPods)
        {
            if (pod.Addresses.Any(a => cidr.Contains(a) && !except.Any(e => e.Contains(a))))
            {
                matches.Add(pod.Key);
            }
        }

        return matches;
    }

    /// <summary>Identities a rule's pod peers select; all identities when the rule matches every peer.</summary>
    private static IEnumerable<int> PeerIdentities(PolicyModel model, CompiledRule rule) =>
        rule.Peers is null
            ? Enumerable.Range(0, model.IdentityCount)
            : rule.Peers.Where(p => p.Identities is not null).SelectMany(p => p.Identities!.Ids).Distinct();

    private static bool Exposes(PolicyModel model, IEnumerable<int> identities, string name, Protocol? protocol)
    {
        var wanted = identities.ToHashSet();
        return model.CompiledPods.Any(pod => wanted.Contains(pod.IdentityId)
            && pod.NamedPorts.Any(p => p.Name == name && (protocol is null || p.Protocol == protocol)));
    }

    private static string Few(List<string> items) =>
        items.Count <= 3 ? string.Join(", ", items) : $"{string.Join(", ", items.Take(3))} and {items.Count - 3} more";
}
