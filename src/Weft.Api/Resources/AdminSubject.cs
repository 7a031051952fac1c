using Weft.Api.Selectors;

namespace Weft.Api.Resources;

/// <summary>
/// The subject of an (B)ANP, or one of its peers: either all pods of the namespaces matching
/// <see cref="Namespaces"/>, or the pods matching <see cref="Pods"/> in the namespaces matching
/// <see cref="PodNamespaces"/>. Exactly one form is set.
/// </summary>
public sealed record AdminSubject
{
    public LabelSelector? Namespaces { get; init; }

    public LabelSelector? PodNamespaces { get; init; }

    public LabelSelector? Pods { get; init; }
}
