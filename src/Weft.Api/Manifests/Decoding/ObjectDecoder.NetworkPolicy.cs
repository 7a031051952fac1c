using System.Collections.Immutable;
using Weft.Api.Net;
using Weft.Api.Resources;
using Weft.Api.Validation;
using YamlDotNet.RepresentationModel;

namespace Weft.Api.Manifests.Decoding;

/// <summary>networking.k8s.io/v1 NetworkPolicy, validated as pkg/apis/networking/validation does.</summary>
internal sealed partial class ObjectDecoder
{
    private NetworkPolicy DecodeNetworkPolicy(YamlMappingNode root, ObjectMeta metadata)
    {
        var spec = r.Mapping(root, "spec", "spec");
        r.WarnUnknownFields(spec, "spec", "podSelector", "policyTypes", "ingress", "egress");
        // A spec of the wrong type is reported once, not again as a missing podSelector.
        var podSelector = spec is null && FieldReader.Get(root, "spec") is not null
            ? Selectors.LabelSelector.Everything
            : RequiredSelector(spec, root, "podSelector", "spec.podSelector");

        var policyTypes = ImmutableArray.CreateBuilder<PolicyType>();
        var typesPath = "spec.policyTypes";
        if (r.AsSequence(FieldReader.Get(spec, "policyTypes"), typesPath) is { } typesNode)
        {
            for (var i = 0; i < typesNode.Children.Count; i++)
            {
                var itemPath = FieldReader.Index(typesPath, i);
                var item = typesNode.Children[i];
                var text = r.AsString(item, itemPath);
                PolicyType? type = text switch
                {
                    "Ingress" => PolicyType.Ingress,
                    "Egress" => PolicyType.Egress,
                    _ => null,
                };
                if (type is null)
                {
                    if (text is not null)
                    {
                        r.Error(item, itemPath, $"Unsupported value: \"{text}\": supported values: \"Ingress\", \"Egress\"");
                    }
                }
                else if (policyTypes.Contains(type.Value))
                {
                    r.Error(item, itemPath, $"Duplicate value: \"{text}\"");
                }
                else
                {
                    policyTypes.Add(type.Value);
                }
            }
        }

        return new NetworkPolicy
        {
            Metadata = metadata,
            PodSelector = podSelector,
            PolicyTypes = policyTypes.ToImmutable(),
            Ingress = r.List(spec, "ingress", "spec.ingress", (node, path) => DecodeNetworkPolicyRule(node, path, "from")),
            Egress = r.List(spec, "egress", "spec.egress", (node, path) => DecodeNetworkPolicyRule(node, path, "to")),
        };
    }

    private NetworkPolicyRule? DecodeNetworkPolicyRule(YamlNode node, string path, string peersKey)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        r.WarnUnknownFields(map, path, peersKey, "ports");
        return new NetworkPolicyRule
        {
            Peers = r.List(map, peersKey, FieldReader.Join(path, peersKey), DecodeNetworkPolicyPeer),
            Ports = r.List(map, "ports", FieldReader.Join(path, "ports"), DecodeNetworkPolicyPort),
        };
    }

    private NetworkPolicyPeer? DecodeNetworkPolicyPeer(YamlNode node, string path)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        r.WarnUnknownFields(map, path, "podSelector", "namespaceSelector", "ipBlock");
        var podSelector = DecodeSelector(map, "podSelector", FieldReader.Join(path, "podSelector"));
        var namespaceSelector = DecodeSelector(map, "namespaceSelector", FieldReader.Join(path, "namespaceSelector"));
        var ipBlockNode = FieldReader.Get(map, "ipBlock");
        var ipBlock = ipBlockNode is null ? null : DecodeIpBlock(ipBlockNode, FieldReader.Join(path, "ipBlock"));
        if (ipBlockNode is not null && (podSelector is not null || namespaceSelector is not null))
        {
            r.Error(map, path, "Forbidden: may not specify more than 1 peer type (ipBlock with podSelector or namespaceSelector)");
        }
        else if (ipBlockNode is null && podSelector is null && namespaceSelector is null)
        {
            r.Error(map, path, "Required value: must specify a peer (podSelector, namespaceSelector or ipBlock)");
        }

        return new NetworkPolicyPeer { PodSelector = podSelector, NamespaceSelector = namespaceSelector, IpBlock = ipBlock };
    }

    private IpBlock? DecodeIpBlock(YamlNode node, string path)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        r.WarnUnknownFields(map, path, "cidr", "except");
        var cidrPath = FieldReader.Join(path, "cidr");
        var cidrNode = r.Required(map, node, "cidr", cidrPath);
        var cidr = DecodeCidr(cidrNode, cidrPath);
        var exceptPath = FieldReader.Join(path, "except");
        var excepts = ImmutableArray.CreateBuilder<IpPrefix>();
        if (r.AsSequence(FieldReader.Get(map, "except"), exceptPath) is { } exceptNode)
        {
            for (var i = 0; i < exceptNode.Children.Count; i++)
            {
                var itemPath = FieldReader.Index(exceptPath, i);
                var item = exceptNode.Children[i];
                if (DecodeCidr(item, itemPath) is not { } except)
                {
                    continue;
                }

                // The API requires each except to be a strict subset of cidr (same family, longer prefix, inside it).
                if (cidr is { } outer && !(outer.Contains(except) && except.Length > outer.Length))
                {
                    r.Error(item, itemPath, $"Invalid value: \"{except}\": must be a strict subset of `cidr` {outer}");
                }

                excepts.Add(except);
            }
        }

        return cidr is null ? null : new IpBlock { Cidr = cidr.Value, Except = excepts.ToImmutable() };
    }

    private IpPrefix? DecodeCidr(YamlNode? node, string path)
    {
        if (node is null)
        {
            return null;
        }

        if (r.AsString(node, path) is not { } text)
        {
            if (FieldReader.IsNull(node))
            {
                r.Error(node, path, "Required value");
            }

            return null;
        }

        if (IpPrefix.TryParse(text, out var prefix, out var error))
        {
            // Kubernetes accepts host bits here (net.ParseCIDR masks them) but warns since 1.33; so does Weft.
            if (!IpPrefix.TryParse(text, out _, out var strictError, strict: true))
            {
                r.Warning(node, path, strictError!);
            }

            return prefix;
        }

        r.Error(node, path, $"Invalid value: \"{text}\": {error}");
        return null;
    }

    private NetworkPolicyPort? DecodeNetworkPolicyPort(YamlNode node, string path)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        r.WarnUnknownFields(map, path, "protocol", "port", "endPort");
        var protocol = DecodeProtocol(map, FieldReader.Join(path, "protocol"));
        var portPath = FieldReader.Join(path, "port");
        var portNode = FieldReader.Get(map, "port");
        var port = r.AsIntOrString(portNode, portPath);
        if (port is { IsName: true, Name: var name } && KubernetesNames.CheckIanaServiceName(name!) is { } nameError)
        {
            r.Error(portNode!, portPath, $"Invalid value: \"{name}\": {nameError}");
        }
        else if (port is { IsName: false, Number: var number })
        {
            CheckPortNumber(portNode!, portPath, number);
        }

        var endPortPath = FieldReader.Join(path, "endPort");
        var endPortNode = FieldReader.Get(map, "endPort");
        var endPort = r.AsInt(endPortNode, endPortPath);
        if (endPort is { } end)
        {
            if (port is null)
            {
                r.Error(endPortNode!, endPortPath, "Required value: may not be specified when `port` is not specified");
            }
            else if (port.Value.IsName)
            {
                r.Error(endPortNode!, endPortPath, "Invalid value: may not be specified when `port` is a named port");
            }
            else if (CheckPortNumber(endPortNode!, endPortPath, end) && end < port.Value.Number)
            {
                r.Error(endPortNode!, endPortPath, $"Invalid value: {end}: must be greater than or equal to `port` {port.Value.Number}");
            }
        }

        return new NetworkPolicyPort { Protocol = protocol, Port = port, EndPort = endPort };
    }
}
