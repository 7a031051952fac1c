using System.Collections.Immutable;
using Weft.Api.Manifests;

namespace Weft.Services;

/// <summary>
/// The outcome of a compile. When <see cref="HasErrors"/> is true, <see cref="Model"/> is the previous model
/// unchanged: a change is applied whole or not at all.
/// </summary>
public sealed record ServiceCompileResult(ServiceModel Model, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
