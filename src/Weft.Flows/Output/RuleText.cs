namespace Weft.Flows.Output;

/// <summary>Human text for a <see cref="PolicyRuleRef"/>: <c>NetworkPolicy y/deny-all ingress rule 0</c>.</summary>
public static class RuleText
{
    public static string Describe(PolicyRuleRef rule)
    {
        var tier = rule.Tier switch
        {
            PolicyTier.AdminNetworkPolicy => "AdminNetworkPolicy",
            PolicyTier.NetworkPolicy => "NetworkPolicy",
            PolicyTier.BaselineAdminNetworkPolicy => "BaselineAdminNetworkPolicy",
            _ => "default",
        };
        var direction = rule.Direction switch
        {
            FlowDirection.Ingress => " ingress",
            FlowDirection.Egress => " egress",
            _ => "",
        };
        var which = rule.RuleIndex is { } index ? $" rule {index}" : "";
        var name = rule.RuleName is { Length: > 0 } ruleName ? $" \"{ruleName}\"" : "";
        var isolation = rule.Action == RuleAction.DefaultDeny ? " (isolated, no rule allows)" : "";
        return rule.Tier == PolicyTier.Default
            ? $"default {rule.PolicyKey}{direction}"
            : $"{tier} {rule.PolicyKey}{direction}{which}{name}{isolation}";
    }

    public static string VerdictName(FlowVerdict verdict) => verdict switch
    {
        FlowVerdict.Forwarded => "FORWARDED",
        FlowVerdict.Dropped => "DROPPED",
        FlowVerdict.Audit => "AUDIT",
        _ => verdict.ToString().ToUpperInvariant(),
    };

    public static bool TryParseVerdict(string? text, out FlowVerdict verdict)
    {
        switch (text?.ToUpperInvariant())
        {
            case "FORWARDED": verdict = FlowVerdict.Forwarded; return true;
            case "DROPPED": verdict = FlowVerdict.Dropped; return true;
            case "AUDIT": verdict = FlowVerdict.Audit; return true;
            default: verdict = default; return false;
        }
    }

    /// <summary>TCP flag names in header bit order, as hubble prints them.</summary>
    public static string TcpFlagNames(byte flags)
    {
        ReadOnlySpan<string> names = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"];
        var parts = new List<string>(2);
        for (var bit = 0; bit < names.Length; bit++)
        {
            if ((flags & (1 << bit)) != 0)
            {
                parts.Add(names[bit]);
            }
        }

        return string.Join(", ", parts);
    }
}
