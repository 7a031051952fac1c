using System.Globalization;
using System.Text;

namespace Weft.Mesh.Sidecar;

/// <summary>
/// Renders a <see cref="RedirectPlan"/> as one nftables script (for <c>nft -f -</c> inside the pod's network
/// namespace — never the host's). The table is deleted and recreated in the same transaction, so applying twice
/// is a no-op and a failed apply leaves the previous rules. Pure: tests compare behaviour-relevant lines, and a
/// privileged test has nft check it in a scratch namespace.
/// </summary>
public static class RedirectRules
{
    public const string Table = "weft_mesh";

    public static string Render(RedirectPlan plan)
    {
        var sb = new StringBuilder();
        sb.Append("table inet ").Append(Table).Append(" {}\n");
        sb.Append("delete table inet ").Append(Table).Append('\n');
        sb.Append("table inet ").Append(Table).Append(" {\n");

        // Inbound: connections arriving from outside the pod. Loopback is the proxy talking to the application.
        sb.Append("  chain inbound {\n    type nat hook prerouting priority dstnat; policy accept;\n");
        sb.Append("    iifname \"lo\" return\n");
        sb.Append("    tcp dport ").Append(Set([plan.InboundPort, plan.OutboundPort, plan.AdminPort, .. plan.SkipInboundPorts])).Append(" return\n");
        sb.Append("    meta l4proto tcp redirect to :").Append(plan.InboundPort).Append('\n');
        sb.Append("  }\n");

        // Outbound: connections the application opens. The proxy's own sockets carry its mark (or uid).
        sb.Append("  chain outbound {\n    type nat hook output priority -100; policy accept;\n");
        if (plan.ProxyMark != 0) sb.Append("    meta mark 0x").Append(plan.ProxyMark.ToString("x", CultureInfo.InvariantCulture)).Append(" return\n");
        if (plan.ProxyUid is { } uid) sb.Append("    meta skuid ").Append(uid).Append(" return\n");
        sb.Append("    oifname \"lo\" return\n");
        if (!plan.SkipOutboundPorts.IsDefaultOrEmpty) sb.Append("    tcp dport ").Append(Set([.. plan.SkipOutboundPorts])).Append(" return\n");
        sb.Append("    meta l4proto tcp redirect to :").Append(plan.OutboundPort).Append('\n');
        sb.Append("  }\n}\n");
        return sb.ToString();
    }

    private static string Set(int[] ports)
    {
        var distinct = ports.Distinct().Order().ToArray();
        return distinct.Length == 1
            ? distinct[0].ToString(CultureInfo.InvariantCulture)
            : "{ " + string.Join(", ", distinct) + " }";
    }
}
