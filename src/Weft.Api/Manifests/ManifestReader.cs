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

    private const int MaxListDepth = 8;

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
        private readonly Dictionary<ObjectIdentity, SourceLocation> seen = [];
        private readonly Dictionary<string, Service> clusterIps = new(StringComparer.Ordinal);
        private readonly Dictionary<System.Net.IPAddress, Pod> podIps = [];

        public List<Diagnostic> Diagnostics { get; } = [];

        public void Read(string text, string file)
        {
            // A byte-order mark survives in text read from standard input; YAML would take it as part of the first key.
            if (text.StartsWith('\uFEFF'))
            {
                text = text[1..];
            }

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

            var first = Diagnostics.Count;
            var decoder = new ObjectDecoder(reader);
            foreach (var document in stream.Documents)
            {
                ReadDocument(reader, decoder, document.RootNode, 0);
            }

            // Decoding visits fields in schema order; users read a file top to bottom. The sort is stable, so
            // problems at one position keep their order.
            var sorted = Diagnostics.Skip(first).OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ToList();
            Diagnostics.RemoveRange(first, sorted.Count);
            Diagnostics.AddRange(sorted);
        }

        public ManifestLoadResult Result() => new([.. resources], [.. Diagnostics]);

        private void ReadDocument(FieldReader reader, ObjectDecoder decoder, YamlNode root, int listDepth)
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

            // kubectl unwraps `kind: List` and the typed lists (PodList, …) that `kubectl get -o yaml` prints.
            if (FieldReader.Get(map, "kind") is YamlScalarNode { Value: { } kind } && kind.EndsWith("List", StringComparison.Ordinal)
                && FieldReader.Get(map, "items") is not null)
            {
                // YAML aliases can make a List contain itself; bound the nesting instead of overflowing the stack.
                if (listDepth >= MaxListDepth)
                {
                    reader.Error(map, "items", $"Lists nested more than {MaxListDepth} deep are not supported");
                    return;
                }

                var items = reader.AsSequence(FieldReader.Get(map, "items"), "items");
                foreach (var item in items?.Children ?? [])
                {
                    ReadDocument(reader, decoder, item, listDepth + 1);
                }

                return;
            }

            var resource = decoder.Decode(map, out var identity);
            if (identity is { } id && !Register(reader, map, id))
            {
                return;
            }

            if (resource is not null && CheckAddresses(reader, map, resource))
            {
                resources.Add(resource);
            }
        }

        /// <summary>Records where an object is defined; false (and an error) when the same object was defined before.</summary>
        private bool Register(FieldReader reader, YamlMappingNode map, ObjectIdentity identity)
        {
            if (seen.TryGetValue(identity, out var first))
            {
                var nameNode = FieldReader.Get(FieldReader.Get(map, "metadata") as YamlMappingNode, "name") ?? map;
                reader.Error(nameNode, "metadata.name", $"Duplicate value: {identity.Kind} \"{identity}\" is already defined at {first}");
                return false;
            }

            seen.Add(identity, reader.At(map));
            return true;
        }

        /// <summary>
        /// Addresses must be unique across objects: a cluster IP is allocated to one service (the API server refuses
        /// a second), and two pods with one IP would make ipBlock peers and flow attribution ambiguous. Host-network
        /// pods share their node's address, so they are exempt.
        /// </summary>
        private bool CheckAddresses(FieldReader reader, YamlMappingNode map, Resource resource)
        {
            switch (resource)
            {
                case Service { ClusterIP: { } ip } service when !service.IsHeadless:
                    if (clusterIps.TryGetValue(ip, out var owner))
                    {
                        var node = FieldReader.Get(FieldReader.Get(map, "spec") as YamlMappingNode, "clusterIP") ?? map;
                        reader.Error(node, "spec.clusterIP", $"Invalid value: \"{ip}\": provided IP is already allocated to service \"{owner.Key}\" at {owner.Source}");
                        return false;
                    }

                    clusterIps.Add(ip, service);
                    break;
                case Pod { Spec.HostNetwork: false } pod:
                    foreach (var address in pod.PodIPs)
                    {
                        if (podIps.TryGetValue(address, out var other))
                        {
                            reader.Warning(map, "status.podIPs", $"{address} is also the address of pod \"{other.Key}\" at {other.Source}");
                        }
                        else
                        {
                            podIps.Add(address, pod);
                        }
                    }

                    break;
            }

            return true;
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
