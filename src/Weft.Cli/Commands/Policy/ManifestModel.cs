using Weft.Api.Manifests;
using Weft.Policy;
using Weft.Policy.Compilation;
using Weft.Policy.Inputs;

namespace Weft.Cli.Commands.Policy;

/// <summary>Reads manifests and compiles the policy model, printing every diagnostic as <c>file:line:column: field: message</c>.</summary>
internal static class ManifestModel
{
    /// <summary>The compiled model, or null after printing the errors (the caller exits 2).</summary>
    public static PolicyModel? Load(IReadOnlyList<string> paths, CommandIo io, out ManifestLoadResult loaded)
    {
        loaded = ManifestReader.Load(paths, io.Input);
        foreach (var diagnostic in loaded.Diagnostics)
        {
            io.Error.WriteLine(diagnostic.Severity == DiagnosticSeverity.Warning ? $"warning: {diagnostic}" : diagnostic.ToString());
        }

        return loaded.HasErrors ? null : PolicyCompiler.Compile(PolicyInput.FromResources(loaded.Resources));
    }
}
