using System.Collections.Immutable;
using System.Globalization;
using Weft.Api.Resources;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Weft.Api.Manifests.Decoding;

/// <summary>
/// Typed access to a YAML node tree with Kubernetes field paths. Every type or shape problem becomes a
/// diagnostic at the offending node and the caller gets null, so one pass collects every problem.
/// </summary>
/// <remarks>
/// Scalars follow what the API server sees after kubectl's YAML-to-JSON conversion: a plain scalar that looks like
/// a number is a number, a quoted one is a string. Integers must therefore be plain (JSON numbers are plain
/// scalars); strings accept any scalar, which is more lenient than kubectl for values like <c>version: 1</c>.
/// </remarks>
internal sealed class FieldReader(string file, List<Diagnostic> diagnostics)
{
    public int ErrorCount { get; private set; }

    public string File => file;

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public static string Index(string path, int index) => $"{path}[{index}]";

    public SourceLocation At(YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    public void Error(YamlNode node, string path, string message)
    {
        ErrorCount++;
        diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, At(node), path, message));
    }

    public void Warning(YamlNode node, string path, string message) =>
        diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, At(node), path, message));

    /// <summary>YAML null: <c>~</c>, <c>null</c> or nothing, unquoted.</summary>
    public static bool IsNull(YamlNode? node) =>
        node is null
        || (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
            && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");

    /// <summary>The value of <paramref name="key"/>, or null when the key is absent or its value is YAML null.</summary>
    public static YamlNode? Get(YamlMappingNode? map, string key)
    {
        if (map is null)
        {
            return null;
        }

        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && string.Equals(name, key, StringComparison.Ordinal))
            {
                return IsNull(v) ? null : v;
            }
        }

        return null;
    }

    /// <summary>The key node itself, to point at a field name rather than its value.</summary>
    public static YamlNode? GetKey(YamlMappingNode? map, string key) =>
        map?.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: { } name } && string.Equals(name, key, StringComparison.Ordinal));

    /// <summary>The node for <paramref name="key"/>; reports "Required value" at <paramref name="parent"/> when missing.</summary>
    public YamlNode? Required(YamlMappingNode? parent, YamlNode fallback, string key, string path)
    {
        var node = Get(parent, key);
        if (node is null)
        {
            Error(parent ?? fallback, path, "Required value");
        }

        return node;
    }

    /// <summary>Warns about keys that the Kubernetes schema does not define here (kubectl's strict decoding rejects them).</summary>
    public void WarnUnknownFields(YamlMappingNode? map, string path, params ReadOnlySpan<string> known)
    {
        if (map is null)
        {
            return;
        }

        foreach (var (k, _) in map.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            var found = false;
            foreach (var candidate in known)
            {
                if (string.Equals(candidate, name, StringComparison.Ordinal))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                Warning(k, Join(path, name), "unknown field, ignored");
            }
        }
    }

    public YamlMappingNode? AsMapping(YamlNode? node, string path)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlMappingNode map:
                return map;
            default:
                Error(node, path, $"must be an object, not {Describe(node)}");
                return null;
        }
    }

    public YamlMappingNode? Mapping(YamlMappingNode? parent, string key, string path) => AsMapping(Get(parent, key), path);

    public YamlSequenceNode? AsSequence(YamlNode? node, string path)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlSequenceNode sequence:
                return sequence;
            default:
                Error(node, path, $"must be a list, not {Describe(node)}");
                return null;
        }
    }

    public string? AsString(YamlNode? node, string path)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar when !IsNull(scalar):
                return scalar.Value ?? "";
            default:
                Error(node, path, $"must be a string, not {Describe(node)}");
                return null;
        }
    }

    public string? String(YamlMappingNode? parent, string key, string path) => AsString(Get(parent, key), path);

    public int? AsInt(YamlNode? node, string path)
    {
        if (node is null)
        {
            return null;
        }

        if (TryInt(node, out var value))
        {
            return value;
        }

        var reason = node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text } && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            ? $"Invalid value: {text}: out of range for a 32-bit integer"
            : $"must be an integer, not {Describe(node)}";
        Error(node, path, reason);
        return null;
    }

    public int? Int(YamlMappingNode? parent, string key, string path) => AsInt(Get(parent, key), path);

    public bool? Bool(YamlMappingNode? parent, string key, string path)
    {
        var node = Get(parent, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } text })
        {
            switch (text)
            {
                // YAML 1.1 spellings too: kubectl's YAML decoder (go-yaml v2) reads yes/no/on/off as booleans.
                case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y":
                    return true;
                case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N":
                    return false;
            }
        }

        Error(node, path, $"must be a boolean (true or false), not {Describe(node)}");
        return null;
    }

    /// <summary>Kubernetes IntOrString: a plain integer is a number, anything else a name.</summary>
    public IntOrString? AsIntOrString(YamlNode? node, string path)
    {
        if (node is null)
        {
            return null;
        }

        if (TryInt(node, out var number))
        {
            return IntOrString.FromNumber(number);
        }

        return AsString(node, path) is { } name ? IntOrString.FromName(name) : null;
    }

    

    public ImmutableArray<string> Strings(YamlMappingNode? parent, string key, string path)
    {
        var sequence = AsSequence(Get(parent, key), path);
        if (sequence is null)
        {
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<string>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (AsString(sequence.Children[i], Index(path, i)) is { } value)
            {
                builder.Add(value);
            }
            else if (IsNull(sequence.Children[i]))
            {
                Error(sequence.Children[i], Index(path, i), "must be a string, not null");
            }
        }

        return builder.DrainToImmutable();
    }

    /// <summary>Decodes each item of a list; items that fail to decode are left out (their errors are recorded).</summary>
    public ImmutableArray<T> List<T>(YamlMappingNode? parent, string key, string path, Func<YamlNode, string, T?> decode)
        where T : class
    {
        var sequence = AsSequence(Get(parent, key), path);
        if (sequence is null)
        {
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<T>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var itemPath = Index(path, i);
            if (IsNull(item))
            {
                Error(item, itemPath, "must be an object, not null");
                continue;
            }

            if (decode(item, itemPath) is { } value)
            {
                builder.Add(value);
            }
        }

        return builder.DrainToImmutable();
    }

    /// <summary>A map of strings (labels, annotations, selectors); <paramref name="check"/> validates key and value.</summary>
    public ImmutableSortedDictionary<string, string> StringMap(
        YamlMappingNode? parent, string key, string path, Action<YamlNode, string, YamlNode, string>? check = null)
    {
        var map = Mapping(parent, key, path);
        if (map is null)
        {
            return ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
        }

        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var name = AsString(k, path);
            var value = IsNull(v) ? "" : AsString(v, path);
            if (name is null || value is null)
            {
                continue;
            }

            check?.Invoke(k, name, v, value);
            builder[name] = value;
        }

        return builder.ToImmutable();
    }

    private static bool TryInt(YamlNode node, out int value)
    {
        value = 0;
        return node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } text }
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "an object",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar when IsNull(scalar) => "null",
        YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text } when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => $"the number {text}",
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" or "True" or "False" } scalar => $"the boolean {scalar.Value}",
        YamlScalarNode scalar => $"the string \"{scalar.Value}\"",
        _ => "an unsupported value",
    };
}
