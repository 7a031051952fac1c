using Weft.Api.Manifests;

namespace Weft.Api.Tests.Manifests;

/// <summary>Shorthands for decoding manifest text in tests.</summary>
internal static class ManifestText
{
    public const string File = "t.yaml";

    public static ManifestLoadResult Parse(string yaml) => ManifestReader.Parse(yaml, File);

    /// <summary>Every diagnostic as printed, one per line.</summary>
    public static string Diagnostics(string yaml) => string.Join("\n", Parse(yaml).Diagnostics);

    public static string Errors(string yaml) =>
        string.Join("\n", Parse(yaml).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));

    /// <summary>Decodes a single valid object, failing on any diagnostic.</summary>
    public static T Single<T>(string yaml)
    {
        var result = Parse(yaml);
        string.Join("\n", result.Diagnostics).ShouldBeEmpty();
        return result.Resources.ShouldHaveSingleItem().ShouldBeAssignableTo<T>()!;
    }
}
