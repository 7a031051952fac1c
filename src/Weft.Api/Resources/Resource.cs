using Weft.Api.Manifests;

namespace Weft.Api.Resources;

/// <summary>A decoded, validated Kubernetes object.</summary>
public abstract record Resource
{
    public required ObjectMeta Metadata { get; init; }

    /// <summary>Where the object was read from, for diagnostics; null for objects built in code.</summary>
    public SourceLocation? Source { get; init; }

    public abstract string Kind { get; }

    public abstract string ApiVersion { get; }

    public string Name => Metadata.Name;

    public string Namespace => Metadata.Namespace;

    /// <summary><c>namespace/name</c> for namespaced kinds, <c>name</c> otherwise.</summary>
    public string Key => Metadata.Namespace.Length == 0 ? Metadata.Name : $"{Metadata.Namespace}/{Metadata.Name}";
}
