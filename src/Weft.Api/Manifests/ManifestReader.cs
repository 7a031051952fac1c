using System.Collections.Immutable;
using Weft.Api.Manifests.Decoding;
using Weft.Api.Resources;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Weft.Api.Manifests;

/// <summary>
/// Reads multi-document YAML and JSON manifests from files, directories (recursively: .yaml, .yml, .json)
/// and standard input ("-"), unwraps <c>kind: List</c>, decodes and validates every object.
/// </summary>
/// <remarks>
/// JSON is read as YAML flow style, so one parser gives line and column for every node of either format.
/// Every problem is collected (never just the first), so a user fixes a manifest in one round.
/// </remarks>
public static class ManifestReader
{
    /// <summary>The name used for standard input, both as a path argument and in diagnostics.</summary>
    public const string StandardInput = "-";

    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    /// <summary>Loads every path (file, directory, or "-" for <paramref name="stdin"/>).</summary>
    public static ManifestLoadResult Load(IReadOnlyList<string> paths, TextReader? stdin = null)
    {
        var session = new Session();
        foreach (var path in paths)
        {
            if (path == StandardInput)
            {
                if (stdin is null)
                {
                    session.Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, new SourceLocation(StandardInput, 1, 1), "", "standard input is not available"));
                }
                else
                {
                    session.Read(stdin.ReadToEnd(), StandardInput);
                }
            }
            else if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => ManifestExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal);
                foreach (var file in files)
                {
                    ReadFile(session, file);
                }
            }
            else if (File.Exists(path))
            {
                // An explicitly named file is read whatever its extension, as kubectl does.
                ReadFile(session, path);
            }
            else
            {
                session.Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, new SourceLocation(path, 1, 1), "", "no such file or directory"));
            }
        }

        return session.Result();
    }

    /// <summary>Decodes one manifest text; <paramref name="fileName"/> is used in diagnostics.</summary>
    public static ManifestLoadResult Parse(string text, string fileName)
    {
        var session = new Session();
        session.Read(text, fileName);
        return session.Result();
    }

    private static void ReadFile(Session session, string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            session.Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, new SourceLocation(file, 1, 1), "", $"cannot read: {e.Message}"));
            return;
        }

        session.Read(text, file);
    }

    /// <summary>One load: resources and diagnostics from every source, with duplicates found across sources.</summary>
    private sealed class Session
    {
        private readonly List<Resource> resources = [];
        private readonly Dictionary<(string Kind, string Namespace, string Name), Resource> seen = [];

        public List<Diagnostic> Diagnostics { get; } = [];

        public void Read(string text, string file)
        {
            var reader = new FieldReader(file, Diagnostics);
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException e)
            {
                // The parser stops at the first syntax error; documents before it were not decoded yet,
                // so report the syntax error alone rather than half a file.
                Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, new SourceLocation(file, (int)e.Start.Line, (int)e.Start.Column), "", $"invalid YAML: {Describe(e)}"));
                return;
            }

            var decoder = new ObjectDecoder(reader);
            foreach (var document in stream.Documents)
            {
                ReadDocument(reader, decoder, document.RootNode);
            }
        }

        public ManifestLoadResult Result() => new([.. resources], [.. Diagnostics]);

        private void ReadDocument(FieldReader reader, ObjectDecoder decoder, YamlNode root)
        {
            if (FieldReader.IsNull(root))
            {
                return;
            }

            if (root is not YamlMappingNode map)
            {
                reader.Error(root, "", "a manifest document must be an object with apiVersion, kind and metadata");
                return;
            }

            if (FieldReader.Get(map, "kind") is YamlScalarNode { Value: "List" })
            {
                var items = reader.AsSequence(FieldReader.Get(map, "items"), "items");
                foreach (var item in items?.Children ?? [])
                {
                    ReadDocument(reader, decoder, item);
                }

                return;
            }

            if (decoder.Decode(map) is { } resource)
            {
                Add(reader, map, resource);
            }
        }

        private void Add(FieldReader reader, YamlMappingNode map, Resource resource)
        {
            var key = (resource.Kind, resource.Namespace, resource.Name);
            if (seen.TryGetValue(key, out var first))
            {
                var nameNode = FieldReader.Get(FieldReader.Get(map, "metadata") as YamlMappingNode, "name") ?? map;
                reader.Error(nameNode, "metadata.name", $"Duplicate value: {resource.Kind} \"{resource.Key}\" is already defined at {first.Source}");
                return;
            }

            seen.Add(key, resource);
            resources.Add(resource);
        }

        private static string Describe(YamlException e)
        {
            // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (…): "; the location is printed already.
            var message = e.InnerException?.Message ?? e.Message;
            var marker = message.IndexOf("): ", StringComparison.Ordinal);
            return marker >= 0 && message.StartsWith('(') ? message[(marker + 3)..] : message;
        }
    }
}
