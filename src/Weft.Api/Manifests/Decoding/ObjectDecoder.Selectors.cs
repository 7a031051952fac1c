using System.Collections.Immutable;
using Weft.Api.Selectors;
using Weft.Api.Validation;
using YamlDotNet.RepresentationModel;

namespace Weft.Api.Manifests.Decoding;

internal sealed partial class ObjectDecoder
{
    /// <summary>A label map (metadata.labels, matchLabels, service selector): keys are qualified names, values label values.</summary>
    private ImmutableSortedDictionary<string, string> DecodeLabels(YamlMappingNode? parent, string key, string path) =>
        r.StringMap(parent, key, path, (keyNode, name, valueNode, value) =>
        {
            if (KubernetesNames.CheckQualifiedName(name) is { } keyError)
            {
                r.Error(keyNode, path, $"Invalid value: \"{name}\": {keyError}");
            }

            if (KubernetesNames.CheckLabelValue(value) is { } valueError)
            {
                r.Error(valueNode, path, $"Invalid value: \"{value}\": {valueError}");
            }
        });

    private ImmutableSortedDictionary<string, string> DecodeAnnotations(YamlMappingNode? parent, string key, string path) =>
        r.StringMap(parent, key, path, (keyNode, name, _, _) =>
        {
            if (KubernetesNames.CheckQualifiedName(name.ToLowerInvariant()) is { } keyError)
            {
                r.Error(keyNode, path, $"Invalid value: \"{name}\": {keyError}");
            }
        });

    /// <summary>The selector under <paramref name="key"/>; null when absent.</summary>
    private LabelSelector? DecodeSelector(YamlMappingNode? parent, string key, string path)
    {
        var node = FieldReader.Get(parent, key);
        if (node is null)
        {
            // `podSelector: {}` and `podSelector:` differ in YAML but an explicit null still means "absent" to the API.
            return null;
        }

        return AsSelector(node, path);
    }

    /// <summary>A required selector: reports "Required value" when absent and returns the empty selector to keep going.</summary>
    private LabelSelector RequiredSelector(YamlMappingNode? parent, YamlNode fallback, string key, string path)
    {
        if (r.Required(parent, fallback, key, path) is null)
        {
            return LabelSelector.Everything;
        }

        return DecodeSelector(parent, key, path) ?? LabelSelector.Everything;
    }

    private LabelSelector? AsSelector(YamlNode node, string path)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        r.WarnUnknownFields(map, path, "matchLabels", "matchExpressions");
        var matchLabels = DecodeLabels(map, "matchLabels", FieldReader.Join(path, "matchLabels"));
        var expressions = r.List(map, "matchExpressions", FieldReader.Join(path, "matchExpressions"), DecodeRequirement);
        return new LabelSelector { MatchLabels = matchLabels, MatchExpressions = expressions };
    }

    private LabelSelectorRequirement? DecodeRequirement(YamlNode node, string path)
    {
        var map = r.AsMapping(node, path);
        if (map is null)
        {
            return null;
        }

        r.WarnUnknownFields(map, path, "key", "operator", "values");
        var keyPath = FieldReader.Join(path, "key");
        var keyNode = r.Required(map, node, "key", keyPath);
        var key = r.AsString(keyNode, keyPath);
        if (key is not null && KubernetesNames.CheckQualifiedName(key) is { } keyError)
        {
            r.Error(keyNode!, keyPath, $"Invalid value: \"{key}\": {keyError}");
        }

        var operatorPath = FieldReader.Join(path, "operator");
        var operatorNode = r.Required(map, node, "operator", operatorPath);
        var operatorText = r.AsString(operatorNode, operatorPath);
        SelectorOperator? op = operatorText switch
        {
            "In" => SelectorOperator.In,
            "NotIn" => SelectorOperator.NotIn,
            "Exists" => SelectorOperator.Exists,
            "DoesNotExist" => SelectorOperator.DoesNotExist,
            _ => null,
        };
        if (operatorText is not null && op is null)
        {
            r.Error(operatorNode!, operatorPath, $"Unsupported value: \"{operatorText}\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"");
        }

        var valuesPath = FieldReader.Join(path, "values");
        var values = r.Strings(map, "values", valuesPath);
        var valuesNode = FieldReader.Get(map, "values");
        switch (op)
        {
            case SelectorOperator.In or SelectorOperator.NotIn when values.IsEmpty:
                r.Error(valuesNode ?? map, valuesPath, "Required value: must be specified when `operator` is 'In' or 'NotIn'");
                break;
            case SelectorOperator.Exists or SelectorOperator.DoesNotExist when !values.IsEmpty:
                r.Error(valuesNode!, valuesPath, "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                break;
        }

        if (valuesNode is YamlSequenceNode sequence)
        {
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                if (sequence.Children[i] is YamlScalarNode { Value: { } value } item && KubernetesNames.CheckLabelValue(value) is { } valueError)
                {
                    r.Error(item, FieldReader.Index(valuesPath, i), $"Invalid value: \"{value}\": {valueError}");
                }
            }
        }

        return key is null || op is null ? null : new LabelSelectorRequirement { Key = key, Operator = op.Value, Values = values };
    }
}
