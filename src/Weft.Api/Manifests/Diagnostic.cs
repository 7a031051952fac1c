namespace Weft.Api.Manifests;

/// <summary>
/// One problem found in a manifest. Printed as <c>file:line:column: field.path: message</c>,
/// the format every Weft command uses for bad input.
/// </summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, SourceLocation Location, string Field, string Message)
{
    public override string ToString() =>
        Field.Length == 0 ? $"{Location}: {Message}" : $"{Location}: {Field}: {Message}";
}
