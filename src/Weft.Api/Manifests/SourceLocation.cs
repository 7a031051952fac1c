namespace Weft.Api.Manifests;

/// <summary>A position in a manifest file (1-based line and column), or "-" for standard input.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
