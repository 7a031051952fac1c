using System.Collections.Immutable;
using Weft.Api.Resources;
using Weft.Policy.Compilation;

namespace Weft.Policy.Lint;

public static partial class PolicyLinter
{
    /// <summary>
    /// An ANP rule is shadowed when an earlier rule (a higher-priority ANP, or earlier in the same ANP) applies
    /// to at least its subject pods, covers all its peers and all its ports: the later rule can never decide.
    /// Coverage is judged on the identities of this snapshot (selectors resolved), CIDR containment and
    /// port-range containment — the exact and superset cases.
    /// </summary>
    private static void LintShadowedRules(PolicyModel model, ImmutableArray<LintWarning>.Builder warnings)
    {
        foreach (var ingress in new[] { true, false })
        {
            var earlier = new List<(CompiledPolicy Policy, CompiledRule Rule, AdminRule Source)>();
            foreach (var policy in model.CompiledAdminPolicies)
            {
                var anp = (AdminNetworkPolicy)policy.Source;
                var sources = ingress ? anp.Ingress : anp.Egress;
                var rules = policy.Rules(ingress);
                for (var r = 0; r < rules.Length; r++)
                {
                    var rule = rules[r];
                    var source = sources[r];
                    if (policy.Subject.Count > 0 && Selects(rule, source))
                    {
                        foreach (var (earlierPolicy, earlierRule, earlierSource) in earlier)
                        {
                            if (IsSubset(policy.Subject.Ids, earlierPolicy.Subject.Ids)
                                && PeersCovered(rule, source, earlierRule, earlierSource)
                                && PortsCovered(source, earlierSource))
                            {
                                var direction = ingress ? "ingress" : "egress";
                                var by = ReferenceEquals(earlierPolicy, policy) ? "an earlier rule of this policy" : $"AdminNetworkPolicy {earlierPolicy.Source.Name} (priority {earlierPolicy.Priority})";
                                warnings.Add(new LintWarning(anp.Source, Label(anp), $"spec.{direction}[{r}]", $"rule {Describe(source, r)} is shadowed by {by} {direction} rule {Describe(earlierSource, earlierRule.RuleIndex)} ({earlierSource.Action}): it can never decide"));
                                break;
                            }
                        }
                    }

                    earlier.Add((policy, rule, source));
                }
            }
        }
    }

    private static string Describe(AdminRule rule, int index) => rule.Name.Length == 0 ? $"{index}" : $"{index} \"{rule.Name}\"";

    private static bool Selects(CompiledRule rule, AdminRule source) =>
        !source.Networks.IsDefaultOrEmpty || PodPeers(rule).Count > 0;

    private static HashSet<int> PodPeers(CompiledRule rule) =>
        rule.Peers is null ? [] : [.. rule.Peers.Where(p => p.Identities is not null).SelectMany(p => p.Identities!.Ids)];

    private static bool IsSubset(int[] inner, int[] outer)
    {
        var set = outer.ToHashSet();
        return inner.All(set.Contains);
    }

    private static bool PeersCovered(CompiledRule rule, AdminRule source, CompiledRule earlier, AdminRule earlierSource)
    {
        var coveredPods = PodPeers(earlier);
        if (!PodPeers(rule).IsSubsetOf(coveredPods))
        {
            return false;
        }

        return source.Networks.All(n => earlierSource.Networks.Any(e => e.Contains(n)));
    }

    private static bool PortsCovered(AdminRule rule, AdminRule earlier)
    {
        if (earlier.Ports.IsDefaultOrEmpty)
        {
            return true;
        }

        if (rule.Ports.IsDefaultOrEmpty)
        {
            return false;
        }

        return rule.Ports.All(port => earlier.Ports.Any(e => PortCovers(e, port)));
    }

    private static bool PortCovers(AdminPort outer, AdminPort inner)
    {
        if (inner.NamedPort is not null || outer.NamedPort is not null)
        {
            return inner.NamedPort == outer.NamedPort;
        }

        if (inner.Protocol != outer.Protocol)
        {
            return false;
        }

        var (outerStart, outerEnd) = outer.Port is { } o ? (o, outer.EndPort ?? o) : (1, 65535);
        var (innerStart, innerEnd) = inner.Port is { } i ? (i, inner.EndPort ?? i) : (1, 65535);
        return outerStart <= innerStart && innerEnd <= outerEnd;
    }
}
