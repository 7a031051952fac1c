namespace Weft.Api.Manifests;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}
