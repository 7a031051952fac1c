using Weft.Api.Manifests;
using Weft.Api.Resources;

namespace Weft.Services.Allocation;

/// <summary>Builds diagnostics that point at the offending service's manifest.</summary>
internal static class ServiceDiagnostics
{
    public static Diagnostic Error(Service service, string field, string message) =>
        new(DiagnosticSeverity.Error, service.Source ?? new SourceLocation(service.Key, 1, 1), field, message);
}
