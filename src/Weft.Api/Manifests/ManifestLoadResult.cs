using System.Collections.Immutable;
using Weft.Api.Resources;

namespace Weft.Api.Manifests;

/// <summary>
/// The outcome of reading manifests: every object that decoded and validated, and every problem found.
/// When <see cref="HasErrors"/> is true callers must change nothing (an apply is all or nothing).
/// </summary>
public sealed record ManifestLoadResult(ImmutableArray<Resource> Resources, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<T> OfKind<T>() where T : Resource => Resources.OfType<T>();
}
