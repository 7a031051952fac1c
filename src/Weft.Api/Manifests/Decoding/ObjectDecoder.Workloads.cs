using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Api.Validation;
using YamlDotNet.RepresentationModel;

namespace Weft.Api.Manifests.Decoding;

/// <summary>Pods and Deployments: the parts of PodSpec a network fabric and the local runtime use.</summary>
internal sealed partial class ObjectDecoder
{
    private Pod DecodePod(YamlMappingNode root, ObjectMeta metadata)
    {
        var specNode = r.Required(root, root, "spec", "spec");
        // A missing spec is one error, not also "containers: Required value" under it.
        var spec = r.AsMapping(specNode, "spec") is { } specMap ? DecodePodSpec(specMap, specNode!, "spec") : new PodSpec();
        var status = r.Mapping(root, "status", "status");
        var ips = new List<IPAddress>();
        AddPodIp(FieldReader.Get(status, "podIP"), "status.podIP", ips);
        if (r.AsSequence(FieldReader.Get(status, "podIPs"), "status.podIPs") is { } podIps)
        {
            for (var i = 0; i < podIps.Children.Count; i++)
            {
                var itemPath = FieldReader.Index("status.podIPs", i);
                var item = r.AsMapping(podIps.Children[i], itemPath);
                AddPodIp(FieldReader.Get(item, "ip"), FieldReader.Join(itemPath, "ip"), ips);
            }
        }

        return new Pod { Metadata = metadata, Spec = spec, PodIPs = [.. ips] };
    }

    private void AddPodIp(YamlNode? node, string path, List<IPAddress> ips)
    {
        var text = r.AsString(node, path);
        if (text is null)
        {
            return;
        }

        if (!KubernetesNames.TryParseIp(text, out var address))
        {
            r.Error(node!, path, $"Invalid value: \"{text}\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        }
        else if (!ips.Contains(address))
        {
            ips.Add(address);
        }
    }

    private Deployment DecodeDeployment(YamlMappingNode root, ObjectMeta metadata)
    {
        var specNode = r.Required(root, root, "spec", "spec");
        var spec = r.AsMapping(specNode, "spec");
        r.WarnUnknownFields(spec, "spec", DeploymentSpecFields);
        var replicasNode = FieldReader.Get(spec, "replicas");
        var replicas = r.AsInt(replicasNode, "spec.replicas") ?? 1;
        if (replicas < 0)
        {
            r.Error(replicasNode!, "spec.replicas", $"Invalid value: {replicas}: must be greater than or equal to 0");
        }

        var selector = spec is null ? Selectors.LabelSelector.Everything : RequiredSelector(spec, root, "selector", "spec.selector");
        var templateNode = spec is null ? null : r.Required(spec, root, "template", "spec.template");
        var template = r.AsMapping(templateNode, "spec.template");
        var templateMetadata = r.Mapping(template, "metadata", "spec.template.metadata");
        var labels = DecodeLabels(templateMetadata, "labels", "spec.template.metadata.labels");
        var podSpecNode = template is null ? null : r.Required(template, template, "spec", "spec.template.spec");
        var podSpec = r.AsMapping(podSpecNode, "spec.template.spec") is { } podSpecMap
            ? DecodePodSpec(podSpecMap, podSpecNode!, "spec.template.spec")
            : new PodSpec();

        var selectorNode = FieldReader.Get(spec, "selector");
        if (selectorNode is not null && template is not null)
        {
            // apps/v1 validation: the selector may not be empty and must select the template's pods.
            if (selector.IsEmpty)
            {
                r.Error(selectorNode, "spec.selector", "Invalid value: empty selector is invalid for deployment");
            }
            else if (!selector.Matches(labels))
            {
                r.Error(templateMetadata ?? template, "spec.template.metadata.labels", $"Invalid value: `selector` does not match template `labels` (selector: {selector})");
            }
        }

        return new Deployment
        {
            Metadata = metadata,
            Replicas = replicas,
            Selector = selector,
            Template = new PodTemplate
            {
                Labels = labels,
                Annotations = DecodeAnnotations(templateMetadata, "annotations", "spec.template.metadata.annotations"),
                Spec = podSpec,
            },
        };
    }

    /// <summary>Every field of core/v1 PodSpec: Weft reads a few, the rest are accepted and ignored.</summary>
    private static readonly string[] PodSpecFields =
    [
        "volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy", "terminationGracePeriodSeconds",
        "activeDeadlineSeconds", "dnsPolicy", "nodeSelector", "serviceAccountName", "serviceAccount",
        "automountServiceAccountToken", "nodeName", "hostNetwork", "hostPID", "hostIPC", "shareProcessNamespace",
        "securityContext", "imagePullSecrets", "hostname", "subdomain", "affinity", "schedulerName", "tolerations",
        "hostAliases", "priorityClassName", "priority", "dnsConfig", "readinessGates", "runtimeClassName",
        "enableServiceLinks", "preemptionPolicy", "overhead", "topologySpreadConstraints", "setHostnameAsFQDN", "os",
        "hostUsers", "schedulingGates", "resourceClaims", "resources",
    ];

    private PodSpec DecodePodSpec(YamlMappingNode? spec, YamlNode fallback, string path)
    {
        r.WarnUnknownFields(spec, path, PodSpecFields);
        var containersPath = FieldReader.Join(path, "containers");
        var containers = r.List(spec, "containers", containersPath, DecodeContainer);
        var containersNode = FieldReader.Get(spec, "containers");
        if (containersNode is null || containersNode is YamlSequenceNode { Children.Count: 0 })
        {
            r.Error(containersNode ?? spec ?? fallback, containersPath, "Required value: a pod needs at least one container");
        }

        if (containersNode is YamlSequenceNode sequence)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var nameNode = FieldReader.Get(sequence.Children[i] as YamlMappingNode, "name");
                if (nameNode is YamlScalarNode { Value: { } name } && !seen.Add(name))
                {
                    r.Error(nameNode, FieldReader.Join(FieldReader.Index(containersPath, i), "name"), $"Duplicate value: \"{name}\"");
                }
            }
        }

        return new PodSpec
        {
            Containers = containers,
            NodeName = r.String(spec, "nodeName", FieldReader.Join(path, "nodeName")),
            Hostname = DnsLabelField(spec, "hostname", FieldReader.Join(path, "hostname")),
            Subdomain = DnsLabelField(spec, "subdomain", FieldReader.Join(path, "subdomain")),
            ServiceAccountName = r.String(spec, "serviceAccountName", FieldReader.Join(path, "serviceAccountName")),
            RestartPolicy = DecodeEnum(spec, "restartPolicy", FieldReader.Join(path, "restartPolicy"), RestartPolicy.Always),
            HostNetwork = r.Bool(spec, "hostNetwork", FieldReader.Join(path, "hostNetwork")) ?? false,
        };
    }

    private string? DnsLabelField(YamlMappingNode? map, string key, string path)
    {
        var node = FieldReader.Get(map, key);
        var value = r.AsString(node, path);
        if (value is not null && KubernetesNames.CheckDns1123Label(value) is { } error)
        {
            r.Error(node!, path, $"Invalid value: \"{value}\": {error}");
        }

        return value;
    }

    /// <summary>Every field of core/v1 Container: a misspelt probe or port list would otherwise vanish silently.</summary>
    private static readonly string[] ContainerFields =
    [
        "name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources", "resizePolicy",
        "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle",
        "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty",
    ];

    private static readonly string[] DeploymentSpecFields =
    [
        "replicas", "selector", "template", "strategy", "minReadySeconds", "revisionHistoryLimit", "paused",
        "progressDeadlineSeconds",
    ];

    private Container? DecodeContainer(YamlNode node, string path)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        r.WarnUnknownFields(map, path, ContainerFields);
        var namePath = FieldReader.Join(path, "name");
        var nameNode = r.Required(map, node, "name", namePath);
        var name = r.AsString(nameNode, namePath);
        if (name is not null && KubernetesNames.CheckDns1123Label(name) is { } nameError)
        {
            r.Error(nameNode!, namePath, $"Invalid value: \"{name}\": {nameError}");
        }

        var portsPath = FieldReader.Join(path, "ports");
        var ports = r.List(map, "ports", portsPath, DecodeContainerPort);
        var portNames = new HashSet<string>(StringComparer.Ordinal);
        if (FieldReader.Get(map, "ports") is YamlSequenceNode portNodes)
        {
            for (var i = 0; i < portNodes.Children.Count; i++)
            {
                var portNameNode = FieldReader.Get(portNodes.Children[i] as YamlMappingNode, "name");
                if (portNameNode is YamlScalarNode { Value: { } portName } && !portNames.Add(portName))
                {
                    r.Error(portNameNode, FieldReader.Join(FieldReader.Index(portsPath, i), "name"), $"Duplicate value: \"{portName}\"");
                }
            }
        }

        return new Container
        {
            Name = name ?? "",
            Image = r.String(map, "image", FieldReader.Join(path, "image")),
            Command = r.Strings(map, "command", FieldReader.Join(path, "command")),
            Args = r.Strings(map, "args", FieldReader.Join(path, "args")),
            Ports = ports,
            Env = r.List(map, "env", FieldReader.Join(path, "env"), DecodeEnvVar),
            ReadinessProbe = DecodeProbe(map, "readinessProbe", FieldReader.Join(path, "readinessProbe")),
            LivenessProbe = DecodeProbe(map, "livenessProbe", FieldReader.Join(path, "livenessProbe")),
        };
    }

    private ContainerPort? DecodeContainerPort(YamlNode node, string path)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        var portPath = FieldReader.Join(path, "containerPort");
        var portNode = r.Required(map, node, "containerPort", portPath);
        var port = r.AsInt(portNode, portPath);
        if (port is { } p)
        {
            CheckPortNumber(portNode!, portPath, p);
        }

        var namePath = FieldReader.Join(path, "name");
        var nameNode = FieldReader.Get(map, "name");
        var name = r.AsString(nameNode, namePath);
        if (name is not null && KubernetesNames.CheckIanaServiceName(name) is { } nameError)
        {
            r.Error(nameNode!, namePath, $"Invalid value: \"{name}\": {nameError}");
        }

        var protocol = DecodeProtocol(map, FieldReader.Join(path, "protocol"));
        return port is null ? null : new ContainerPort { Name = name, Port = port.Value, Protocol = protocol };
    }

    private EnvVar? DecodeEnvVar(YamlNode node, string path)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        var namePath = FieldReader.Join(path, "name");
        var name = r.AsString(r.Required(map, node, "name", namePath), namePath);
        if (name is { Length: 0 })
        {
            r.Error(FieldReader.Get(map, "name")!, namePath, "Required value");
        }

        var value = r.String(map, "value", FieldReader.Join(path, "value")) ?? "";
        return name is null ? null : new EnvVar(name, value);
    }

    private Probe? DecodeProbe(YamlMappingNode container, string key, string path)
    {
        var map = r.Mapping(container, key, path);
        if (map is null)
        {
            return null;
        }

        var handlers = 0;
        IntOrString? tcpPort = null;
        if (r.Mapping(map, "tcpSocket", FieldReader.Join(path, "tcpSocket")) is { } tcp)
        {
            handlers++;
            tcpPort = DecodeProbePort(tcp, FieldReader.Join(path, "tcpSocket.port"));
        }

        HttpGetAction? httpGet = null;
        if (r.Mapping(map, "httpGet", FieldReader.Join(path, "httpGet")) is { } http)
        {
            handlers++;
            var httpPort = DecodeProbePort(http, FieldReader.Join(path, "httpGet.port"));
            var httpPath = r.String(http, "path", FieldReader.Join(path, "httpGet.path")) ?? "/";
            httpGet = httpPort is null ? null : new HttpGetAction { Path = httpPath, Port = httpPort.Value };
        }

        var exec = ImmutableArray<string>.Empty;
        if (r.Mapping(map, "exec", FieldReader.Join(path, "exec")) is { } execMap)
        {
            handlers++;
            exec = r.Strings(execMap, "command", FieldReader.Join(path, "exec.command"));
        }

        if (FieldReader.Get(map, "grpc") is not null)
        {
            handlers++;
        }

        if (handlers == 0)
        {
            r.Error(map, path, "Required value: must specify a handler type (tcpSocket, httpGet, exec or grpc)");
        }
        else if (handlers > 1)
        {
            r.Error(map, path, "Forbidden: may not specify more than 1 handler type");
        }

        return new Probe
        {
            TcpSocketPort = tcpPort,
            HttpGet = httpGet,
            ExecCommand = exec,
            InitialDelaySeconds = DecodeProbeInt(map, "initialDelaySeconds", path, 0, 0),
            PeriodSeconds = DecodeProbeInt(map, "periodSeconds", path, 10, 1),
            TimeoutSeconds = DecodeProbeInt(map, "timeoutSeconds", path, 1, 1),
            SuccessThreshold = DecodeProbeInt(map, "successThreshold", path, 1, 1),
            FailureThreshold = DecodeProbeInt(map, "failureThreshold", path, 3, 1),
        };
    }

    private IntOrString? DecodeProbePort(YamlMappingNode handler, string path)
    {
        var node = r.Required(handler, handler, "port", path);
        var port = r.AsIntOrString(node, path);
        CheckPortOrName(node, path, port);
        return port;
    }

    /// <summary>A target port: 1..65535, or an IANA service name naming a container port.</summary>
    private void CheckPortOrName(YamlNode? node, string path, IntOrString? port)
    {
        if (node is null || port is not { } value)
        {
            return;
        }

        if (!value.IsName)
        {
            CheckPortNumber(node, path, value.Number);
        }
        else if (KubernetesNames.CheckIanaServiceName(value.Name!) is { } error)
        {
            r.Error(node, path, $"Invalid value: \"{value.Name}\": {error}");
        }
    }

    private int DecodeProbeInt(YamlMappingNode probe, string key, string path, int fallback, int minimum)
    {
        var fieldPath = FieldReader.Join(path, key);
        var node = FieldReader.Get(probe, key);
        var value = r.AsInt(node, fieldPath);
        if (value is null)
        {
            return fallback;
        }

        if (value < minimum)
        {
            r.Error(node!, fieldPath, $"Invalid value: {value}: must be greater than or equal to {minimum}");
        }

        return value.Value;
    }
}
