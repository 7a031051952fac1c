using System.Runtime.CompilerServices;
using System.Text;
using Weft.Api.Manifests;

namespace Weft.Api.Tests.Manifests;

/// <summary>
/// Golden scenarios: each folder under <c>testdata/manifests/</c> is loaded as a directory and the printed result
/// (resources by kind and key, then every diagnostic) must equal its <c>expected.txt</c>. Set
/// <c>WEFT_REGENERATE=1</c> to rewrite the expected files, then review the diff.
/// </summary>
public sealed class GoldenManifestTests
{
    public static TheoryData<string> Scenarios() =>
        [.. Directory.GetDirectories(Root()).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Load_Scenario_MatchesGoldenOutput(string scenario)
    {
        var folder = Path.Combine(Root(), scenario);
        var result = ManifestReader.Load([folder]);

        var actual = Render(result, folder + Path.DirectorySeparatorChar);
        var expectedFile = Path.Combine(folder, "expected.txt");
        if (Environment.GetEnvironmentVariable("WEFT_REGENERATE") == "1")
        {
            File.WriteAllText(expectedFile, actual);
        }

        actual.ShouldBe(File.ReadAllText(expectedFile));
    }

    private static string Render(ManifestLoadResult result, string prefix)
    {
        var text = new StringBuilder();
        text.Append("# resources\n");
        foreach (var resource in result.Resources)
        {
            text.Append($"{resource.Kind} {resource.Key} ({resource.Source!.ToString().Replace(prefix, "", StringComparison.Ordinal)})\n");
        }

        text.Append("# diagnostics\n");
        foreach (var diagnostic in result.Diagnostics)
        {
            var severity = diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning";
            text.Append($"{severity}: {diagnostic.ToString().Replace(prefix, "", StringComparison.Ordinal)}\n");
        }

        return text.ToString();
    }

    private static string Root([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "..", "testdata", "manifests");
}
