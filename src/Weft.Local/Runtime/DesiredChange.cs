namespace Weft.Local.Runtime;

/// <summary>
/// One change to a cluster's desired state: <c>replace</c> (weft up: exactly these objects), <c>apply</c>
/// (create or update these objects) or <c>delete</c> (remove these objects). The cluster's desired state is the
/// replay of its change log, which is how it survives a restart of the cluster daemon.
/// </summary>
public sealed record DesiredChange(string Operation, IReadOnlyList<ManifestDocument> Documents)
{
    public const string Replace = "replace";
    public const string Apply = "apply";
    public const string Delete = "delete";
}
