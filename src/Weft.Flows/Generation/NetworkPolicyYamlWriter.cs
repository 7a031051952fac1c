using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Weft.Api.Resources;
using Weft.Api.Selectors;

namespace Weft.Flows.Generation;

/// <summary>
/// Writes NetworkPolicies as Kubernetes YAML documents separated by <c>---</c>, ready for <c>kubectl apply -f</c> or
/// <c>weft apply -f</c>. Hand-written so that the output is byte-for-byte stable; strings that YAML would read as
/// something else (true, 1, null, …) are quoted.
/// </summary>
public static partial class NetworkPolicyYamlWriter
{
    public static string Write(IEnumerable<NetworkPolicy> policies)
    {
        var yaml = new StringBuilder();
        var first = true;
        foreach (var policy in policies)
        {
            if (!first)
            {
                yaml.Append("---\n");
            }

            first = false;
            WritePolicy(yaml, policy);
        }

        return yaml.ToString();
    }

    private static void WritePolicy(StringBuilder yaml, NetworkPolicy policy)
    {
        yaml.Append("apiVersion: networking.k8s.io/v1\n");
        yaml.Append("kind: NetworkPolicy\n");
        yaml.Append("metadata:\n");
        yaml.Append("  name: ").Append(Scalar(policy.Name)).Append('\n');
        yaml.Append("  namespace: ").Append(Scalar(policy.Namespace)).Append('\n');
        WriteMap(yaml, "  ", "annotations", policy.Metadata.Annotations);
        WriteMap(yaml, "  ", "labels", policy.Metadata.Labels);
        yaml.Append("spec:\n");
        WriteSelector(yaml, "  ", "podSelector", policy.PodSelector);
        yaml.Append("  policyTypes:\n");
        foreach (var type in policy.PolicyTypes)
        {
            yaml.Append("  - ").Append(type == PolicyType.Ingress ? "Ingress" : "Egress").Append('\n');
        }

        WriteRules(yaml, "ingress", "from", policy.Ingress);
        WriteRules(yaml, "egress", "to", policy.Egress);
    }

    private static void WriteRules(StringBuilder yaml, string section, string peersKey, IReadOnlyList<NetworkPolicyRule> rules)
    {
        if (rules.Count == 0)
        {
            return;
        }

        yaml.Append("  ").Append(section).Append(":\n");
        foreach (var rule in rules)
        {
            var itemIndent = "  - ";
            if (rule.Peers.Length > 0)
            {
                yaml.Append(itemIndent).Append(peersKey).Append(":\n");
                itemIndent = "    ";
                foreach (var peer in rule.Peers)
                {
                    WritePeer(yaml, peer);
                }
            }

            if (rule.Ports.Length > 0)
            {
                yaml.Append(itemIndent).Append("ports:\n");
                itemIndent = "    ";
                foreach (var port in rule.Ports)
                {
                    yaml.Append("    - protocol: ").Append(port.Protocol.ToApiString()).Append('\n');
                    if (port.Port is { } value)
                    {
                        yaml.Append("      port: ").Append(value.IsName ? Scalar(value.Name!) : value.Number.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }

                    if (port.EndPort is { } end)
                    {
                        yaml.Append("      endPort: ").Append(end.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }
                }
            }

            if (itemIndent == "  - ")
            {
                yaml.Append("  - {}\n");
            }
        }
    }

    private static void WritePeer(StringBuilder yaml, NetworkPolicyPeer peer)
    {
        var prefix = "    - ";
        if (peer.IpBlock is { } block)
        {
            yaml.Append(prefix).Append("ipBlock:\n");
            yaml.Append("        cidr: ").Append(block.Cidr.ToString()).Append('\n');
            if (block.Except.Length > 0)
            {
                yaml.Append("        except:\n");
                foreach (var except in block.Except)
                {
                    yaml.Append("        - ").Append(except.ToString()).Append('\n');
                }
            }

            return;
        }

        if (peer.NamespaceSelector is { } namespaces)
        {
            WriteSelector(yaml, prefix, "namespaceSelector", namespaces, "      ");
            prefix = "      ";
        }

        if (peer.PodSelector is { } pods)
        {
            WriteSelector(yaml, prefix, "podSelector", pods, "      ");
        }
    }

    private static void WriteSelector(StringBuilder yaml, string prefix, string key, LabelSelector selector, string? indent = null)
    {
        indent ??= prefix;
        if (selector.IsEmpty)
        {
            yaml.Append(prefix).Append(key).Append(": {}\n");
            return;
        }

        yaml.Append(prefix).Append(key).Append(":\n");
        if (!selector.MatchLabels.IsEmpty)
        {
            yaml.Append(indent).Append("  matchLabels:\n");
            foreach (var (label, value) in selector.MatchLabels)
            {
                yaml.Append(indent).Append("    ").Append(Scalar(label)).Append(": ").Append(Scalar(value)).Append('\n');
            }
        }

        if (!selector.MatchExpressions.IsDefaultOrEmpty)
        {
            yaml.Append(indent).Append("  matchExpressions:\n");
            foreach (var requirement in selector.MatchExpressions)
            {
                yaml.Append(indent).Append("  - key: ").Append(Scalar(requirement.Key)).Append('\n');
                yaml.Append(indent).Append("    operator: ").Append(requirement.Operator.ToString()).Append('\n');
                if (requirement.Values.Length > 0)
                {
                    yaml.Append(indent).Append("    values: [").Append(string.Join(", ", requirement.Values.Select(Scalar))).Append("]\n");
                }
            }
        }
    }

    private static void WriteMap(StringBuilder yaml, string indent, string key, ImmutableSortedDictionary<string, string> map)
    {
        if (map.IsEmpty)
        {
            return;
        }

        yaml.Append(indent).Append(key).Append(":\n");
        foreach (var (name, value) in map)
        {
            yaml.Append(indent).Append("  ").Append(Scalar(name)).Append(": ").Append(Scalar(value)).Append('\n');
        }
    }

    /// <summary>A plain scalar when YAML 1.1 and 1.2 both read it back as the same string; double-quoted otherwise.</summary>
    internal static string Scalar(string value)
    {
        if (PlainSafe().IsMatch(value) && !Ambiguous().IsMatch(value))
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    private static partial Regex PlainSafe();

    /// <summary>Booleans, nulls and numbers in YAML 1.1 or 1.2 spelling (also octal, hex, sexagesimal-free digits, exponents).</summary>
    [GeneratedRegex("^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|[-+]?[0-9][0-9_]*(?:\\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0x[0-9A-Fa-f_]+|0o[0-7_]+|\\.inf|\\.nan)$")]
    private static partial Regex Ambiguous();
}
