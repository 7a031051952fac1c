namespace Weft.Api.Manifests;

/// <summary>
/// Reads multi-document YAML and JSON manifests from files, directories (recursively: .yaml, .yml, .json)
/// and standard input ("-"), unwraps <c>kind: List</c>, decodes and validates every object.
/// </summary>
public static class ManifestReader
{
    /// <summary>Loads every path (file, directory, or "-" for <paramref name="stdin"/>).</summary>
    public static ManifestLoadResult Load(IReadOnlyList<string> paths, TextReader? stdin = null) =>
        throw new NotImplementedException("decoder lands in the Weft.Api manifests change");

    /// <summary>Decodes one manifest text; <paramref name="fileName"/> is used in diagnostics.</summary>
    public static ManifestLoadResult Parse(string text, string fileName) =>
        throw new NotImplementedException("decoder lands in the Weft.Api manifests change");
}
