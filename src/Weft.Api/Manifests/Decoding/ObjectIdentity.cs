namespace Weft.Api.Manifests.Decoding;

/// <summary>What makes an object unique in a cluster: kind, namespace ("" for cluster-scoped kinds) and name.</summary>
internal readonly record struct ObjectIdentity(string Kind, string Namespace, string Name)
{
    public override string ToString() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
