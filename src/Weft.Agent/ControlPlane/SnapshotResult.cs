using System.Collections.Immutable;
using Weft.Api.Manifests;

namespace Weft.Agent.ControlPlane;

/// <summary>
/// The outcome of a compile: the new snapshot, or (when <see cref="HasErrors"/>) the previous one unchanged and
/// the diagnostics that rejected the inputs.
/// </summary>
public sealed record SnapshotResult(ClusterSnapshot Snapshot, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
