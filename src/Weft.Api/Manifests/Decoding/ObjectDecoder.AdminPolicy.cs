using System.Collections.Immutable;
using Weft.Api.Net;
using Weft.Api.Resources;
using Weft.Api.Validation;
using YamlDotNet.RepresentationModel;

namespace Weft.Api.Manifests.Decoding;

/// <summary>
/// AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), validated as the CRD
/// schema of kubernetes-sigs/network-policy-api does: one-of objects (MinProperties=MaxProperties=1), item limits,
/// port ranges, and BANP's single name "default".
/// </summary>
internal sealed partial class ObjectDecoder
{
    private const int MaxAdminRules = 100;
    private const int MaxAdminPeers = 100;
    private const int MaxAdminPorts = 100;
    private const int MaxNetworks = 25;
    private const int MaxRuleNameLength = 100;

    private AdminNetworkPolicy DecodeAdminNetworkPolicy(YamlMappingNode root, ObjectMeta metadata)
    {
        var spec = r.Mapping(root, "spec", "spec");
        if (spec is null && FieldReader.Get(root, "spec") is null)
        {
            r.Error(root, "spec", "Required value");
        }

        r.WarnUnknownFields(spec, "spec", "priority", "subject", "ingress", "egress");
        var priorityNode = spec is null ? null : r.Required(spec, root, "priority", "spec.priority");
        var priority = r.AsInt(priorityNode, "spec.priority") ?? 0;
        if (priorityNode is not null && priority is < 0 or > 1000)
        {
            r.Error(priorityNode, "spec.priority", $"Invalid value: {priority}: must be between 0 and 1000, inclusive");
        }

        return new AdminNetworkPolicy
        {
            Metadata = metadata,
            Priority = priority,
            Subject = spec is null ? new AdminSubject { Namespaces = Selectors.LabelSelector.Everything } : DecodeAdminSubject(spec, root),
            Ingress = DecodeAdminRules(spec, "ingress", allowPass: true),
            Egress = DecodeAdminRules(spec, "egress", allowPass: true),
        };
    }

    private BaselineAdminNetworkPolicy DecodeBaselineAdminNetworkPolicy(YamlMappingNode root, ObjectMeta metadata)
    {
        if (metadata.Name.Length > 0 && !string.Equals(metadata.Name, "default", StringComparison.Ordinal))
        {
            var nameNode = FieldReader.Get(FieldReader.Get(root, "metadata") as YamlMappingNode, "name") ?? root;
            r.Error(nameNode, "metadata.name", $"Invalid value: \"{metadata.Name}\": only one BaselineAdminNetworkPolicy may exist and it must be named \"default\"");
        }

        var spec = r.Mapping(root, "spec", "spec");
        if (spec is null && FieldReader.Get(root, "spec") is null)
        {
            r.Error(root, "spec", "Required value");
        }

        r.WarnUnknownFields(spec, "spec", "subject", "ingress", "egress");
        return new BaselineAdminNetworkPolicy
        {
            Metadata = metadata,
            Subject = spec is null ? new AdminSubject { Namespaces = Selectors.LabelSelector.Everything } : DecodeAdminSubject(spec, root),
            Ingress = DecodeAdminRules(spec, "ingress", allowPass: false),
            Egress = DecodeAdminRules(spec, "egress", allowPass: false),
        };
    }

        private AdminSubject DecodeAdminSubject(YamlMappingNode spec, YamlNode root)
    {
        var node = r.Required(spec, root, "subject", "spec.subject");
        if (node is null)
        {
            return new AdminSubject { Namespaces = Selectors.LabelSelector.Everything };
        }

        return DecodeAdminPeer(node, "spec.subject", allowNetworks: false, out _) ?? new AdminSubject { Namespaces = Selectors.LabelSelector.Everything };
    }

    /// <summary>
    /// A subject or peer: exactly one of <c>namespaces</c> (a selector) or <c>pods</c> (namespaceSelector and
    /// podSelector, both required). Egress peers may instead be <c>networks</c> (CIDRs) or <c>nodes</c>.
    /// </summary>
    private AdminSubject? DecodeAdminPeer(YamlNode node, string path, bool allowNetworks, out ImmutableArray<IpPrefix> networks)
    {
        networks = [];
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        if (allowNetworks)
        {
            r.WarnUnknownFields(map, path, "namespaces", "pods", "nodes", "networks");
        }
        else
        {
            r.WarnUnknownFields(map, path, "namespaces", "pods");
        }

        var kinds = new List<string>();
        foreach (var key in allowNetworks ? (string[])["namespaces", "pods", "nodes", "networks"] : ["namespaces", "pods"])
        {
            if (FieldReader.Get(map, key) is not null)
            {
                kinds.Add(key);
            }
        }

        if (kinds.Count == 0)
        {
            var expected = allowNetworks ? "namespaces, pods, nodes or networks" : "namespaces or pods";
            r.Error(map, path, $"Required value: exactly one of {expected} must be set");
            return null;
        }

        if (kinds.Count > 1)
        {
            r.Error(map, path, $"Forbidden: exactly one of {string.Join(", ", kinds)} may be set in one entry; use separate entries");
            return null;
        }

        switch (kinds[0])
        {
            case "namespaces":
                return AsSelector(FieldReader.Get(map, "namespaces")!, FieldReader.Join(path, "namespaces")) is { } namespaces
                    ? new AdminSubject { Namespaces = namespaces }
                    : null;
            case "pods":
                var podsPath = FieldReader.Join(path, "pods");
                var pods = r.Mapping(map, "pods", podsPath);
                if (pods is null)
                {
                    return null;
                }

                r.WarnUnknownFields(pods, podsPath, "namespaceSelector", "podSelector");
                var namespaceSelector = RequiredSelector(pods, pods, "namespaceSelector", FieldReader.Join(podsPath, "namespaceSelector"));
                var podSelector = RequiredSelector(pods, pods, "podSelector", FieldReader.Join(podsPath, "podSelector"));
                return new AdminSubject { PodNamespaces = namespaceSelector, Pods = podSelector };
            case "networks":
                networks = DecodeNetworks(map, FieldReader.Join(path, "networks"));
                return null;
            default:
                // Node peers select host-network traffic to nodes, which is never pod-to-pod traffic; Weft has no nodes
                // in its policy model yet, so the peer matches nothing it evaluates.
                r.Warning(FieldReader.GetKey(map, "nodes")!, FieldReader.Join(path, "nodes"), "nodes peers are not supported yet; the peer matches no pod traffic and is ignored");
                return null;
        }
    }

    private ImmutableArray<IpPrefix> DecodeNetworks(YamlMappingNode map, string path)
    {
        var sequence = r.AsSequence(FieldReader.Get(map, "networks"), path);
        if (sequence is null)
        {
            return [];
        }

        if (sequence.Children.Count is 0 or > MaxNetworks)
        {
            r.Error(sequence, path, $"Invalid value: {sequence.Children.Count} items: must have between 1 and {MaxNetworks} items");
        }

        var builder = ImmutableArray.CreateBuilder<IpPrefix>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            if (item is YamlScalarNode { Value: { } text } && text.Contains(':', StringComparison.Ordinal) && text.Contains('.', StringComparison.Ordinal))
            {
                // The CRD's CEL rule: IPv4 addresses embedded in IPv6 are not supported.
                r.Error(item, FieldReader.Index(path, i), $"Invalid value: \"{text}\": CIDR must be either an IPv4 or IPv6 address; IPv4 addresses embedded in IPv6 are not supported");
                continue;
            }

            if (DecodeCidr(item, FieldReader.Index(path, i)) is { } prefix)
            {
                builder.Add(prefix);
            }
        }

        return builder.DrainToImmutable();
    }

    private ImmutableArray<AdminRule> DecodeAdminRules(YamlMappingNode? spec, string direction, bool allowPass)
    {
        var path = FieldReader.Join("spec", direction);
        if (r.AsSequence(FieldReader.Get(spec, direction), path) is { Children.Count: > MaxAdminRules } sequence)
        {
            r.Error(sequence, path, $"Too many: {sequence.Children.Count}: must have at most {MaxAdminRules} items");
        }

        var peersKey = direction == "ingress" ? "from" : "to";
        return r.List(spec, direction, path, (node, rulePath) => DecodeAdminRule(node, rulePath, peersKey, allowPass));
    }

    private AdminRule? DecodeAdminRule(YamlNode node, string path, string peersKey, bool allowPass)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        r.WarnUnknownFields(map, path, "name", "action", peersKey, "ports");
        var namePath = FieldReader.Join(path, "name");
        var name = r.String(map, "name", namePath) ?? "";
        if (name.Length > MaxRuleNameLength)
        {
            r.Error(FieldReader.Get(map, "name")!, namePath, $"Too long: may not be more than {MaxRuleNameLength} characters");
        }

        var actionPath = FieldReader.Join(path, "action");
        var actionNode = r.Required(map, node, "action", actionPath);
        var actionText = r.AsString(actionNode, actionPath);
        AdminRuleAction? action = actionText switch
        {
            "Allow" => AdminRuleAction.Allow,
            "Deny" => AdminRuleAction.Deny,
            "Pass" when allowPass => AdminRuleAction.Pass,
            _ => null,
        };
        if (actionText is not null && action is null)
        {
            var supported = allowPass ? "\"Allow\", \"Deny\", \"Pass\"" : "\"Allow\", \"Deny\"";
            r.Error(actionNode!, actionPath, $"Unsupported value: \"{actionText}\": supported values: {supported}");
        }

        var peersPath = FieldReader.Join(path, peersKey);
        var peersNode = r.Required(map, node, peersKey, peersPath);
        var peers = ImmutableArray.CreateBuilder<AdminSubject>();
        var networks = ImmutableArray.CreateBuilder<IpPrefix>();
        var ignoredPeers = 0;
        if (r.AsSequence(peersNode, peersPath) is { } sequence)
        {
            if (sequence.Children.Count is 0 or > MaxAdminPeers)
            {
                r.Error(sequence, peersPath, $"Invalid value: {sequence.Children.Count} items: must have between 1 and {MaxAdminPeers} items");
            }

            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var errors = r.ErrorCount;
                var peer = DecodeAdminPeer(sequence.Children[i], FieldReader.Index(peersPath, i), allowNetworks: peersKey == "to", out var peerNetworks);
                if (peer is not null)
                {
                    peers.Add(peer);
                }
                else if (!peerNetworks.IsEmpty)
                {
                    networks.AddRange(peerNetworks);
                }
                else if (r.ErrorCount == errors)
                {
                    ignoredPeers++;
                }
            }
        }

        var ports = DecodeAdminPorts(map, FieldReader.Join(path, "ports"));
        if (action is null || (peers.Count == 0 && networks.Count == 0 && ignoredPeers > 0))
        {
            // Only unsupported (nodes) peers: the rule matches no traffic Weft evaluates.
            return null;
        }

        return new AdminRule
        {
            Name = name,
            Action = action.Value,
            Peers = peers.ToImmutable(),
            Networks = networks.ToImmutable(),
            Ports = ports,
        };
    }

    private ImmutableArray<AdminPort> DecodeAdminPorts(YamlMappingNode rule, string path)
    {
        if (r.AsSequence(FieldReader.Get(rule, "ports"), path) is { Children.Count: > MaxAdminPorts } sequence)
        {
            r.Error(sequence, path, $"Too many: {sequence.Children.Count}: must have at most {MaxAdminPorts} items");
        }

        return r.List(rule, "ports", path, DecodeAdminPort);
    }

    private AdminPort? DecodeAdminPort(YamlNode node, string path)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        r.WarnUnknownFields(map, path, "portNumber", "namedPort", "portRange");
        var set = new List<string>();
        foreach (var key in (string[])["portNumber", "namedPort", "portRange"])
        {
            if (FieldReader.Get(map, key) is not null)
            {
                set.Add(key);
            }
        }

        if (set.Count != 1)
        {
            r.Error(map, path, set.Count == 0
                ? "Required value: exactly one of portNumber, namedPort or portRange must be set"
                : $"Forbidden: exactly one of portNumber, namedPort or portRange may be set, not {string.Join(" and ", set)}");
            return null;
        }

        var itemPath = FieldReader.Join(path, set[0]);
        switch (set[0])
        {
            case "namedPort":
                var nameNode = FieldReader.Get(map, "namedPort")!;
                var name = r.AsString(nameNode, itemPath);
                if (name is not null && KubernetesNames.CheckIanaServiceName(name) is { } nameError)
                {
                    r.Error(nameNode, itemPath, $"Invalid value: \"{name}\": {nameError}");
                }

                return name is null ? null : new AdminPort { NamedPort = name };
            case "portNumber":
                var number = r.Mapping(map, "portNumber", itemPath);
                if (number is null)
                {
                    return null;
                }

                r.WarnUnknownFields(number, itemPath, "protocol", "port");
                var portPath = FieldReader.Join(itemPath, "port");
                var portNode = r.Required(number, number, "port", portPath);
                var port = r.AsInt(portNode, portPath);
                var protocol = DecodeProtocol(number, FieldReader.Join(itemPath, "protocol"));
                return port is { } p && CheckPortNumber(portNode!, portPath, p) ? new AdminPort { Protocol = protocol, Port = p } : null;
            default:
                var range = r.Mapping(map, "portRange", itemPath);
                if (range is null)
                {
                    return null;
                }

                r.WarnUnknownFields(range, itemPath, "protocol", "start", "end");
                var rangeProtocol = DecodeProtocol(range, FieldReader.Join(itemPath, "protocol"));
                var startPath = FieldReader.Join(itemPath, "start");
                var startNode = r.Required(range, range, "start", startPath);
                var start = r.AsInt(startNode, startPath);
                var endPath = FieldReader.Join(itemPath, "end");
                var endNode = r.Required(range, range, "end", endPath);
                var end = r.AsInt(endNode, endPath);
                var startOk = start is { } s && CheckPortNumber(startNode!, startPath, s);
                var endOk = end is { } e && CheckPortNumber(endNode!, endPath, e);
                if (startOk && endOk && start >= end)
                {
                    r.Error(endNode!, endPath, $"Invalid value: {end}: must be greater than `start` {start}");
                }

                return startOk && endOk ? new AdminPort { Protocol = rangeProtocol, Port = start, EndPort = end } : null;
        }
    }
}
