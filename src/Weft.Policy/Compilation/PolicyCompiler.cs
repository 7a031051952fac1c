using System.Collections.Immutable;
using Weft.Api.Net;
using Weft.Api.Resources;
using Weft.Api.Selectors;
using Weft.Policy.Identities;
using Weft.Policy.Inputs;

namespace Weft.Policy.Compilation;

/// <summary>
/// Compiles a <see cref="PolicyInput"/> into an immutable <see cref="PolicyModel"/>, in stages (after Cilium's
/// pkg/policy, simplified): pods → identities; each distinct selector → identity set (once, cached);
/// each policy → compiled rules; each identity → the per-direction policy that decides its traffic.
/// Pure: no I/O, no clock.
/// </summary>
public static class PolicyCompiler
{
    public static PolicyModel Compile(PolicyInput input, PolicyModel? previous = null)
    {
        var table = BuildIdentities(input, out var pods);
        var cache = new SelectorCache(table);

        var networkPolicies = input.NetworkPolicies
            .OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select((p, i) => CompileNetworkPolicy(p, i, cache))
            .ToArray();

        // Ties in priority are implementation-defined in the ANP API; Weft breaks them by name (lint warns).
        var adminPolicies = input.AdminNetworkPolicies
            .OrderBy(p => p.Priority).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select((p, i) => CompileAdmin(p, i, p.Priority, p.Subject, p.Ingress, p.Egress, cache))
            .ToArray();

        var baseline = input.BaselineAdminNetworkPolicy is { } banp
            ? CompileAdmin(banp, 0, 0, banp.Subject, banp.Ingress, banp.Egress, cache)
            : null;

        var compiledPods = pods.Select((p, i) => new CompiledPod(
            i,
            p.Pod,
            p.IdentityId,
            [.. p.Pod.PodIPs.Select(ip => IpPrefix.Host(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip))],
            [.. p.Pod.Spec.Containers.SelectMany(c => c.Ports).Where(port => port.Name is not null)])).ToArray();
        var ingressIndex = new AdminRuleIndex(adminPolicies, true, table.Identities.Length, compiledPods);
        var egressIndex = new AdminRuleIndex(adminPolicies, false, table.Identities.Length, compiledPods);
        var identityPolicies = BuildIdentityPolicies(table, networkPolicies, adminPolicies, baseline, ingressIndex, egressIndex);

        return new PolicyModel(
            (previous?.Revision ?? 0) + 1,
            input,
            table,
            compiledPods,
            networkPolicies,
            adminPolicies,
            baseline,
            identityPolicies,
            ingressIndex,
            egressIndex);
    }

    private static IdentityTable BuildIdentities(PolicyInput input, out List<(Pod Pod, int IdentityId)> pods)
    {
        var declared = new Dictionary<string, ImmutableSortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var ns in input.Namespaces)
        {
            declared[ns.Name] = ns.Metadata.Labels;
        }

        // Namespaces that pods or policies live in exist even when not declared, with only the name label.
        var names = new SortedSet<string>(declared.Keys, StringComparer.Ordinal);
        names.UnionWith(input.Pods.Select(p => p.Namespace));
        names.UnionWith(input.NetworkPolicies.Select(p => p.Namespace));
        var namespaces = names.Select((name, i) => new NamespaceInfo(
            i,
            name,
            (declared.TryGetValue(name, out var labels) ? labels : ImmutableSortedDictionary<string, string>.Empty)
                .SetItem(NamespaceInfo.NameLabel, name))).ToImmutableArray();
        var namespaceIndex = namespaces.ToDictionary(n => n.Name, n => n.Index, StringComparer.Ordinal);

        var identities = ImmutableArray.CreateBuilder<Identity>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        pods = [];
        foreach (var pod in input.Pods.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            var key = IdentityKey(pod);
            if (!byKey.TryGetValue(key, out var id))
            {
                id = identities.Count;
                identities.Add(new Identity(id, namespaceIndex[pod.Namespace], pod.Namespace, pod.Metadata.Labels));
                byKey[key] = id;
            }

            pods.Add((pod, id));
        }

        return new IdentityTable(namespaces, identities.ToImmutable());
    }

    private static string IdentityKey(Pod pod)
    {
        var key = new System.Text.StringBuilder(pod.Namespace);
        foreach (var (name, value) in pod.Metadata.Labels)
        {
            key.Append('\0').Append(name).Append('=').Append(value);
        }

        return key.ToString();
    }

    private static CompiledPolicy CompileNetworkPolicy(NetworkPolicy policy, int index, SelectorCache cache)
    {
        var subject = cache.Select(policy.Namespace, null, policy.PodSelector);
        var ingress = policy.AppliesToIngress ? CompileRules(policy, index, policy.Ingress, cache) : [];
        var egress = policy.AppliesToEgress ? CompileRules(policy, index, policy.Egress, cache) : [];
        return new CompiledPolicy(index, policy, 0, subject, ingress, egress, policy.AppliesToIngress, policy.AppliesToEgress);
    }

    private static CompiledRule[] CompileRules(NetworkPolicy policy, int index, ImmutableArray<NetworkPolicyRule> rules, SelectorCache cache)
    {
        var compiled = new CompiledRule[rules.Length];
        for (var r = 0; r < rules.Length; r++)
        {
            var rule = rules[r];
            var peers = rule.Peers.IsDefaultOrEmpty ? null : rule.Peers.Select(peer => CompilePeer(policy.Namespace, peer, cache)).ToArray();
            var ports = rule.Ports.IsDefaultOrEmpty ? null : rule.Ports.Select(CompilePort).ToArray();
            compiled[r] = new CompiledRule(index, r, AdminRuleAction.Allow, peers, ports);
        }

        return compiled;
    }

    private static PeerMatcher CompilePeer(string policyNamespace, NetworkPolicyPeer peer, SelectorCache cache)
    {
        if (peer.IpBlock is { } block)
        {
            return PeerMatcher.ForCidr(block.Cidr, [.. block.Except]);
        }

        if (peer.NamespaceSelector is { } namespaceSelector)
        {
            // namespaceSelector alone: every pod of the matching namespaces; with a podSelector: both must match.
            return PeerMatcher.ForIdentities(cache.Select(null, namespaceSelector, peer.PodSelector));
        }

        // podSelector alone: pods of the policy's own namespace. A peer with no field at all is rejected by
        // validation; if one is built in code it selects nothing.
        return PeerMatcher.ForIdentities(peer.PodSelector is { } podSelector
            ? cache.Select(policyNamespace, null, podSelector)
            : IdentitySet.Empty);
    }

    private static PortMatcher CompilePort(NetworkPolicyPort port) => port.Port switch
    {
        null => PortMatcher.AllPorts(port.Protocol),
        { IsName: true } named => PortMatcher.Named(port.Protocol, named.Name!),
        { } number => PortMatcher.Range(port.Protocol, number.Number, port.EndPort ?? number.Number),
    };

    private static CompiledPolicy CompileAdmin(Resource source, int index, int priority, AdminSubject subject, ImmutableArray<AdminRule> ingress, ImmutableArray<AdminRule> egress, SelectorCache cache) =>
        new(index, source, priority, SelectSubject(subject, cache), CompileAdminRules(index, ingress, cache), CompileAdminRules(index, egress, cache), true, true);

    private static IdentitySet SelectSubject(AdminSubject subject, SelectorCache cache) =>
        subject.Namespaces is { } namespaces
            ? cache.Select(null, namespaces, null)
            : cache.Select(null, subject.PodNamespaces ?? LabelSelector.Everything, subject.Pods ?? LabelSelector.Everything);

    private static CompiledRule[] CompileAdminRules(int index, ImmutableArray<AdminRule> rules, SelectorCache cache)
    {
        var compiled = new CompiledRule[rules.Length];
        for (var r = 0; r < rules.Length; r++)
        {
            var rule = rules[r];
            // Peers first, then networks: the explanation's peer index follows the same order.
            var peers = rule.Peers.Select(peer => PeerMatcher.ForIdentities(SelectSubject(peer, cache)))
                .Concat(rule.Networks.Select(network => PeerMatcher.ForCidr(network)))
                .ToArray();
            var ports = rule.Ports.IsDefaultOrEmpty ? null : rule.Ports.Select(CompileAdminPort).ToArray();
            compiled[r] = new CompiledRule(index, r, rule.Action, peers, ports);
        }

        return compiled;
    }

    private static PortMatcher CompileAdminPort(AdminPort port) =>
        port.NamedPort is { } name ? PortMatcher.Named(null, name)
        : port.Port is { } number ? PortMatcher.Range(port.Protocol, number, port.EndPort ?? number)
        : PortMatcher.AllPorts(port.Protocol);

    private static IdentityPolicy[] BuildIdentityPolicies(IdentityTable table, CompiledPolicy[] networkPolicies, CompiledPolicy[] adminPolicies, CompiledPolicy? baseline, AdminRuleIndex ingressIndex, AdminRuleIndex egressIndex)
    {
        var count = table.Identities.Length;
        var ingressNp = NewLists(count);
        var egressNp = NewLists(count);
        var admin = NewLists(count);
        foreach (var policy in networkPolicies)
        {
            foreach (var id in policy.Subject.Ids)
            {
                if (policy.AppliesToIngress)
                {
                    ingressNp[id].Add(policy.Index);
                }

                if (policy.AppliesToEgress)
                {
                    egressNp[id].Add(policy.Index);
                }
            }
        }

        foreach (var policy in adminPolicies)
        {
            foreach (var id in policy.Subject.Ids)
            {
                admin[id].Add(policy.Index);
            }
        }

        // Identities selected by the same policies share their compiled direction policies.
        var interned = new Dictionary<string, DirectionPolicy>(StringComparer.Ordinal);
        var result = new IdentityPolicy[count];
        for (var id = 0; id < count; id++)
        {
            var inBaseline = baseline is not null && baseline.Subject.Contains(id);
            result[id] = new IdentityPolicy(
                Intern(interned, true, ingressNp[id], admin[id], inBaseline, networkPolicies, adminPolicies, baseline, ingressIndex),
                Intern(interned, false, egressNp[id], admin[id], inBaseline, networkPolicies, adminPolicies, baseline, egressIndex));
        }

        return result;
    }

    private static DirectionPolicy Intern(Dictionary<string, DirectionPolicy> interned, bool ingress, List<int> np, List<int> admin, bool inBaseline, CompiledPolicy[] networkPolicies, CompiledPolicy[] adminPolicies, CompiledPolicy? baseline, AdminRuleIndex index)
    {
        var key = $"{(ingress ? 'i' : 'e')}{(inBaseline ? 'b' : '-')}{string.Join(',', np)}|{string.Join(',', admin)}";
        if (interned.TryGetValue(key, out var policy))
        {
            return policy;
        }

        var selecting = np.Select(i => networkPolicies[i]).ToArray();
        // ANPs without rules in this direction cannot decide it; leaving them out keeps evaluation short.
        var admins = admin.Select(i => adminPolicies[i]).Where(p => p.Rules(ingress).Length > 0).ToArray();
        policy = new DirectionPolicy(
            admins,
            index.MaskFor(admins, ingress),
            selecting,
            [.. selecting.SelectMany(p => p.Rules(ingress))],
            inBaseline && baseline!.Rules(ingress).Length > 0 ? baseline : null);
        interned[key] = policy;
        return policy;
    }

    private static List<int>[] NewLists(int count)
    {
        var lists = new List<int>[count];
        for (var i = 0; i < count; i++)
        {
            lists[i] = [];
        }

        return lists;
    }
}
