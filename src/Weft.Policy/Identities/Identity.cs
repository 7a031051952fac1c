using System.Collections.Immutable;

namespace Weft.Policy.Identities;

/// <summary>
/// A group of pods that every selector treats alike: same namespace (hence same namespace labels) and
/// same pod labels. Policy is compiled per identity, so its size grows with identities, not pods.
/// </summary>
public sealed record Identity(int Id, int NamespaceIndex, string Namespace, ImmutableSortedDictionary<string, string> Labels);
