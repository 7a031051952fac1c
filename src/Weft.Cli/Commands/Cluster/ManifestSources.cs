using Weft.Api.Manifests;
using Weft.Local.Runtime;

namespace Weft.Cli.Commands.Cluster;

/// <summary>
/// Reads -f arguments into whole documents (file name + text) so that the daemon reports errors against the
/// user's own file names and lines.
/// </summary>
internal static class ManifestSources
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static (List<ManifestDocument> Documents, List<string> Errors) Read(IEnumerable<string> paths, TextReader stdin)
    {
        var documents = new List<ManifestDocument>();
        var errors = new List<string>();
        foreach (var path in paths)
        {
            if (path == ManifestReader.StandardInput)
            {
                documents.Add(new ManifestDocument(path, stdin.ReadToEnd()));
            }
            else if (Directory.Exists(path))
            {
                documents.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .Select(f => new ManifestDocument(f, File.ReadAllText(f))));
            }
            else if (File.Exists(path))
            {
                documents.Add(new ManifestDocument(path, File.ReadAllText(path)));
            }
            else
            {
                errors.Add($"{path}:1:1: no such file or directory");
            }
        }

        return (documents, errors);
    }
}
