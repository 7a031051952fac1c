using Weft.Api.Resources;
using YamlDotNet.RepresentationModel;

namespace Weft.Api.Manifests.Decoding;

/// <summary>
/// Decodes and validates one Kubernetes object. Problems are recorded through the <see cref="FieldReader"/>;
/// an object with any error is not returned, but decoding goes on to find the rest of its problems.
/// </summary>
/// <remarks>Split into partials by kind family: workloads, services, NetworkPolicy, admin policies, selectors.</remarks>
internal sealed partial class ObjectDecoder(FieldReader reader)
{
    /// <summary>The label Kubernetes puts on every namespace, holding its name.</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    private readonly FieldReader r = reader;

    /// <summary>
    /// Decodes one object. <paramref name="identity"/> is its kind, namespace and name whenever those could be read,
    /// even if the object is invalid, so that duplicates are found in the same pass as every other problem.
    /// </summary>
    public Resource? Decode(YamlMappingNode root, out ObjectIdentity? identity)
    {
        identity = null;
        var errorsBefore = r.ErrorCount;
        var kind = r.String(root, "kind", "kind");
        var apiVersion = r.String(root, "apiVersion", "apiVersion");
        if (kind is null)
        {
            if (FieldReader.Get(root, "kind") is null)
            {
                r.Error(root, "kind", "Required value: every object needs a kind");
            }

            return null;
        }

        if (!KindInfo.Supported.TryGetValue(kind, out var info))
        {
            r.Warning(FieldReader.Get(root, "kind")!, "kind", $"unsupported kind \"{kind}\"{(apiVersion is null ? "" : $" ({apiVersion})")}, object ignored");
            return null;
        }

        if (apiVersion is null)
        {
            if (FieldReader.Get(root, "apiVersion") is null)
            {
                r.Error(root, "apiVersion", $"Required value: {kind} is served by \"{info.ApiVersion}\"");
            }
        }
        else if (!string.Equals(apiVersion, info.ApiVersion, StringComparison.Ordinal))
        {
            r.Error(FieldReader.Get(root, "apiVersion")!, "apiVersion", $"Unsupported value: \"{apiVersion}\": {kind} is served by \"{info.ApiVersion}\"");
        }

        if (kind == "EndpointSlice")
        {
            r.WarnUnknownFields(root, "", "apiVersion", "kind", "metadata", "addressType", "endpoints", "ports");
        }
        else
        {
            r.WarnUnknownFields(root, "", "apiVersion", "kind", "metadata", "spec", "status");
        }

        var metadata = DecodeMetadata(root, info);
        if (metadata.Name.Length > 0)
        {
            identity = new ObjectIdentity(kind, metadata.Namespace, metadata.Name);
        }
        Resource? resource = kind switch
        {
            // The API server sets this label on every namespace (and overwrites any other value); policies select by it.
            "Namespace" => new Namespace { Metadata = metadata with { Labels = metadata.Labels.SetItem(NamespaceNameLabel, metadata.Name) } },
            "Pod" => DecodePod(root, metadata),
            "Service" => DecodeService(root, metadata),
            "EndpointSlice" => DecodeEndpointSlice(root, metadata),
            "NetworkPolicy" => DecodeNetworkPolicy(root, metadata),
            "AdminNetworkPolicy" => DecodeAdminNetworkPolicy(root, metadata),
            "BaselineAdminNetworkPolicy" => DecodeBaselineAdminNetworkPolicy(root, metadata),
            "Deployment" => DecodeDeployment(root, metadata),
            _ => null,
        };

        return r.ErrorCount > errorsBefore || resource is null ? null : resource with { Source = r.At(root) };
    }

    /// <summary>Every field of ObjectMeta; a typo such as <c>label:</c> would otherwise drop labels silently.</summary>
    private static readonly string[] ObjectMetaFields =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
        "managedFields",
    ];

    private ObjectMeta DecodeMetadata(YamlMappingNode root, KindInfo info)
    {
        var metadata = r.Mapping(root, "metadata", "metadata");
        r.WarnUnknownFields(metadata, "metadata", ObjectMetaFields);
        var nameNode = r.Required(metadata, root, "name", "metadata.name");
        var name = r.AsString(nameNode, "metadata.name") ?? "";
        if (nameNode is not null && name.Length == 0 && nameNode is YamlScalarNode)
        {
            r.Error(nameNode, "metadata.name", "Required value: name must not be empty");
        }
        else if (nameNode is not null && name.Length > 0 && info.CheckName(name) is { } nameError)
        {
            r.Error(nameNode, "metadata.name", $"Invalid value: \"{name}\": {nameError}");
        }

        var ns = "";
        if (info.Namespaced)
        {
            var nsNode = FieldReader.Get(metadata, "namespace");
            ns = r.AsString(nsNode, "metadata.namespace") ?? "default";
            if (nsNode is not null && Validation.KubernetesNames.CheckDns1123Label(ns) is { } nsError)
            {
                r.Error(nsNode, "metadata.namespace", $"Invalid value: \"{ns}\": {nsError}");
            }
        }

        return new ObjectMeta
        {
            Name = name,
            Namespace = ns,
            Labels = DecodeLabels(metadata, "labels", "metadata.labels"),
            Annotations = DecodeAnnotations(metadata, "annotations", "metadata.annotations"),
        };
    }

    /// <summary>Ports are 1..65535 wherever Kubernetes takes a port number.</summary>
    private bool CheckPortNumber(YamlNode node, string path, int port)
    {
        if (port is >= 1 and <= 65535)
        {
            return true;
        }

        r.Error(node, path, $"Invalid value: {port}: must be between 1 and 65535, inclusive");
        return false;
    }

    private Protocol DecodeProtocol(YamlMappingNode? parent, string path)
    {
        var node = FieldReader.Get(parent, "protocol");
        var text = r.AsString(node, path);
        if (text is null)
        {
            return Protocol.Tcp;
        }

        if (ProtocolNames.TryParse(text, out var protocol))
        {
            return protocol;
        }

        r.Error(node!, path, $"Unsupported value: \"{text}\": supported values: \"TCP\", \"UDP\", \"SCTP\"");
        return Protocol.Tcp;
    }

    /// <summary>Parses an enum written exactly as the API spells it (case-sensitive).</summary>
    private TEnum DecodeEnum<TEnum>(YamlMappingNode? parent, string key, string path, TEnum fallback)
        where TEnum : struct, Enum
    {
        var node = FieldReader.Get(parent, key);
        var text = r.AsString(node, path);
        if (text is null)
        {
            return fallback;
        }

        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (string.Equals(value.ToString(), text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        r.Error(node!, path, $"Unsupported value: \"{text}\": supported values: {string.Join(", ", Enum.GetNames<TEnum>().Select(n => $"\"{n}\""))}");
        return fallback;
    }
}
