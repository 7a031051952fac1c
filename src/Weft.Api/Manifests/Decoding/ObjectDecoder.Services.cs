using System.Collections.Immutable;
using Weft.Api.Resources;
using Weft.Api.Validation;
using YamlDotNet.RepresentationModel;

namespace Weft.Api.Manifests.Decoding;

/// <summary>Services and EndpointSlices, validated as pkg/apis/core and pkg/apis/discovery validation do.</summary>
internal sealed partial class ObjectDecoder
{
    private const int MaxAffinityTimeoutSeconds = 86400;
    private const int MaxEndpointAddresses = 100;

    /// <summary>Every field of core/v1 ServiceSpec: Weft reads a few, the rest are accepted and ignored.</summary>
    private static readonly string[] ServiceSpecFields =
    [
        "ports", "selector", "clusterIP", "clusterIPs", "type", "externalIPs", "sessionAffinity", "loadBalancerIP",
        "loadBalancerSourceRanges", "externalName", "externalTrafficPolicy", "healthCheckNodePort",
        "publishNotReadyAddresses", "sessionAffinityConfig", "ipFamilies", "ipFamilyPolicy",
        "allocateLoadBalancerNodePorts", "loadBalancerClass", "internalTrafficPolicy", "trafficDistribution",
    ];

    private Service DecodeService(YamlMappingNode root, ObjectMeta metadata)
    {
        var specNode = r.Required(root, root, "spec", "spec");
        var spec = r.AsMapping(specNode, "spec");
        r.WarnUnknownFields(spec, "spec", ServiceSpecFields);
        var type = DecodeEnum(spec, "type", "spec.type", ServiceType.ClusterIP);

        var clusterIpNode = FieldReader.Get(spec, "clusterIP");
        var clusterIp = r.AsString(clusterIpNode, "spec.clusterIP");
        if (clusterIp is { Length: 0 })
        {
            clusterIp = null;
        }
        else if (clusterIp is not null && clusterIp != "None" && !KubernetesNames.TryParseIp(clusterIp, out _))
        {
            r.Error(clusterIpNode!, "spec.clusterIP", $"Invalid value: \"{clusterIp}\": must be empty, 'None', or a valid IP address");
        }

        var selectorNode = FieldReader.Get(spec, "selector");
        var selector = selectorNode is null ? null : DecodeLabels(spec, "selector", "spec.selector");

        var ports = r.List(spec, "ports", "spec.ports", (node, path) => DecodeServicePort(node, path, type));
        var portsNode = FieldReader.Get(spec, "ports");
        if (type != ServiceType.ExternalName && clusterIp != "None" && portsNode is null or YamlSequenceNode { Children.Count: 0 } && spec is not null)
        {
            r.Error(portsNode ?? spec, "spec.ports", "Required value");
        }

        CheckServicePortNames(portsNode as YamlSequenceNode);

        var affinity = DecodeEnum(spec, "sessionAffinity", "spec.sessionAffinity", SessionAffinity.None);
        var timeoutPath = "spec.sessionAffinityConfig.clientIP.timeoutSeconds";
        var affinityConfig = r.Mapping(spec, "sessionAffinityConfig", "spec.sessionAffinityConfig");
        var clientIp = r.Mapping(affinityConfig, "clientIP", "spec.sessionAffinityConfig.clientIP");
        var timeoutNode = FieldReader.Get(clientIp, "timeoutSeconds");
        var timeout = r.AsInt(timeoutNode, timeoutPath) ?? 10800;
        if (timeoutNode is not null && timeout is < 1 or > MaxAffinityTimeoutSeconds)
        {
            r.Error(timeoutNode, timeoutPath, $"Invalid value: {timeout}: must be greater than 0 and less than or equal to {MaxAffinityTimeoutSeconds}");
        }
        else if (affinityConfig is not null && affinity != SessionAffinity.ClientIP)
        {
            r.Error(affinityConfig, "spec.sessionAffinityConfig", "Forbidden: may only be set when `sessionAffinity` is ClientIP");
        }

        var externalNameNode = FieldReader.Get(spec, "externalName");
        var externalName = r.AsString(externalNameNode, "spec.externalName");
        if (type == ServiceType.ExternalName)
        {
            if (externalName is null or { Length: 0 })
            {
                r.Error(externalNameNode ?? spec ?? root, "spec.externalName", "Required value: an ExternalName service needs a DNS name");
            }
            else if (KubernetesNames.CheckDns1123Subdomain(externalName.TrimEnd('.')) is { } nameError)
            {
                r.Error(externalNameNode!, "spec.externalName", $"Invalid value: \"{externalName}\": {nameError}");
            }
        }

        return new Service
        {
            Metadata = metadata,
            Type = type,
            ClusterIP = clusterIp,
            Selector = selector,
            Ports = ports,
            SessionAffinity = affinity,
            SessionAffinityTimeoutSeconds = timeout,
            ExternalName = externalName,
            InternalTrafficPolicy = DecodeEnum(spec, "internalTrafficPolicy", "spec.internalTrafficPolicy", TrafficPolicy.Cluster),
            ExternalTrafficPolicy = DecodeEnum(spec, "externalTrafficPolicy", "spec.externalTrafficPolicy", TrafficPolicy.Cluster),
            PublishNotReadyAddresses = r.Bool(spec, "publishNotReadyAddresses", "spec.publishNotReadyAddresses") ?? false,
        };
    }

    /// <summary>With more than one port every port needs a name, and names are unique.</summary>
    private void CheckServicePortNames(YamlSequenceNode? ports)
    {
        if (ports is null)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Children.Count; i++)
        {
            var map = ports.Children[i] as YamlMappingNode;
            var path = FieldReader.Join(FieldReader.Index("spec.ports", i), "name");
            var nameNode = FieldReader.Get(map, "name");
            if (nameNode is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                if (ports.Children.Count > 1 && map is not null)
                {
                    r.Error(map, path, "Required value: every port of a multi-port service needs a name");
                }

                continue;
            }

            if (!seen.Add(name))
            {
                r.Error(nameNode, path, $"Duplicate value: \"{name}\"");
            }
        }
    }

    private ServicePort? DecodeServicePort(YamlNode node, string path, ServiceType type)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        var namePath = FieldReader.Join(path, "name");
        var nameNode = FieldReader.Get(map, "name");
        var name = r.AsString(nameNode, namePath);
        if (name is { Length: > 0 } && KubernetesNames.CheckDns1123Label(name) is { } nameError)
        {
            r.Error(nameNode!, namePath, $"Invalid value: \"{name}\": {nameError}");
        }

        var portPath = FieldReader.Join(path, "port");
        var portNode = r.Required(map, node, "port", portPath);
        var port = r.AsInt(portNode, portPath);
        if (port is { } p)
        {
            CheckPortNumber(portNode!, portPath, p);
        }

        var targetPath = FieldReader.Join(path, "targetPort");
        var targetNode = FieldReader.Get(map, "targetPort");
        var target = r.AsIntOrString(targetNode, targetPath);
        CheckPortOrName(targetNode, targetPath, target);

        var nodePortPath = FieldReader.Join(path, "nodePort");
        var nodePortNode = FieldReader.Get(map, "nodePort");
        var nodePort = r.AsInt(nodePortNode, nodePortPath);
        if (nodePort is { } np)
        {
            if (type is not (ServiceType.NodePort or ServiceType.LoadBalancer))
            {
                r.Error(nodePortNode!, nodePortPath, $"Forbidden: may not be used when `type` is '{type}'");
            }
            else
            {
                CheckPortNumber(nodePortNode!, nodePortPath, np);
            }
        }

        return port is null ? null : new ServicePort
        {
            Name = name is { Length: 0 } ? null : name,
            Protocol = DecodeProtocol(map, FieldReader.Join(path, "protocol")),
            Port = port.Value,
            TargetPort = target,
            NodePort = nodePort,
            AppProtocol = r.String(map, "appProtocol", FieldReader.Join(path, "appProtocol")),
        };
    }

    private EndpointSlice DecodeEndpointSlice(YamlMappingNode root, ObjectMeta metadata)
    {
        var typeNode = r.Required(root, root, "addressType", "addressType");
        var addressType = r.AsString(typeNode, "addressType") ?? "IPv4";
        if (typeNode is not null && addressType is not ("IPv4" or "IPv6" or "FQDN"))
        {
            r.Error(typeNode, "addressType", $"Unsupported value: \"{addressType}\": supported values: \"IPv4\", \"IPv6\", \"FQDN\"");
            addressType = "IPv4";
        }

        return new EndpointSlice
        {
            Metadata = metadata,
            AddressType = addressType,
            Endpoints = r.List(root, "endpoints", "endpoints", (node, path) => DecodeEndpoint(node, path, addressType, metadata.Namespace)),
            Ports = r.List(root, "ports", "ports", DecodeEndpointPort),
        };
    }

    private Endpoint? DecodeEndpoint(YamlNode node, string path, string addressType, string sliceNamespace)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        var addressesPath = FieldReader.Join(path, "addresses");
        var addressesNode = r.Required(map, node, "addresses", addressesPath);
        var addresses = r.Strings(map, "addresses", addressesPath);
        if (addressesNode is YamlSequenceNode sequence)
        {
            if (sequence.Children.Count is 0 or > MaxEndpointAddresses)
            {
                r.Error(sequence, addressesPath, $"Invalid value: {sequence.Children.Count} items: must have between 1 and {MaxEndpointAddresses} items");
            }

            for (var i = 0; i < sequence.Children.Count; i++)
            {
                if (sequence.Children[i] is YamlScalarNode { Value: { } address } item && CheckEndpointAddress(address, addressType) is { } error)
                {
                    r.Error(item, FieldReader.Index(addressesPath, i), $"Invalid value: \"{address}\": {error}");
                }
            }
        }

        var conditions = r.Mapping(map, "conditions", FieldReader.Join(path, "conditions"));
        var targetRefPath = FieldReader.Join(path, "targetRef");
        var targetRef = r.Mapping(map, "targetRef", targetRefPath);
        string? targetPod = null;
        if (targetRef is not null && string.Equals(r.String(targetRef, "kind", FieldReader.Join(targetRefPath, "kind")), "Pod", StringComparison.Ordinal))
        {
            var podName = r.String(targetRef, "name", FieldReader.Join(targetRefPath, "name"));
            var podNamespace = r.String(targetRef, "namespace", FieldReader.Join(targetRefPath, "namespace")) ?? sliceNamespace;
            targetPod = podName is null ? null : $"{podNamespace}/{podName}";
        }

        return new Endpoint
        {
            Addresses = addresses,
            Ready = r.Bool(conditions, "ready", FieldReader.Join(path, "conditions.ready")),
            Serving = r.Bool(conditions, "serving", FieldReader.Join(path, "conditions.serving")),
            Terminating = r.Bool(conditions, "terminating", FieldReader.Join(path, "conditions.terminating")),
            Hostname = DnsLabelField(map, "hostname", FieldReader.Join(path, "hostname")),
            NodeName = r.String(map, "nodeName", FieldReader.Join(path, "nodeName")),
            TargetPod = targetPod,
        };
    }

    private static string? CheckEndpointAddress(string address, string addressType)
    {
        switch (addressType)
        {
            case "FQDN":
                return KubernetesNames.CheckDns1123Subdomain(address);
            default:
                if (!KubernetesNames.TryParseIp(address, out var ip))
                {
                    return "must be a valid IP address";
                }

                var v4 = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
                return v4 == (addressType == "IPv4") ? null : $"must be an {addressType} address";
        }
    }

    private EndpointPort? DecodeEndpointPort(YamlNode node, string path)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        var namePath = FieldReader.Join(path, "name");
        var nameNode = FieldReader.Get(map, "name");
        var name = r.AsString(nameNode, namePath);
        if (name is { Length: > 0 } && KubernetesNames.CheckDns1123Label(name) is { } nameError)
        {
            r.Error(nameNode!, namePath, $"Invalid value: \"{name}\": {nameError}");
        }

        var portPath = FieldReader.Join(path, "port");
        var portNode = FieldReader.Get(map, "port");
        var port = r.AsInt(portNode, portPath);
        if (port is { } p)
        {
            CheckPortNumber(portNode!, portPath, p);
        }

        return new EndpointPort
        {
            Name = name is { Length: 0 } ? null : name,
            Protocol = DecodeProtocol(map, FieldReader.Join(path, "protocol")),
            Port = port,
            AppProtocol = r.String(map, "appProtocol", FieldReader.Join(path, "appProtocol")),
        };
    }
}
