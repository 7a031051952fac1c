using System.Collections.Immutable;
using System.Net;
using Weft.Api.Net;
using Weft.Api.Resources;
using Weft.Api.Selectors;

namespace Weft.Policy.Tests.Support;

/// <summary>Terse constructors for API records in tests.</summary>
internal static class Build
{
    public static ImmutableSortedDictionary<string, string> Labels(string text)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=');
            builder[parts[0]] = parts[1];
        }

        return builder.ToImmutable();
    }

    /// <summary>A matchLabels selector from <c>a=b,c=d</c>; "" is the empty selector (matches everything).</summary>
    public static LabelSelector Sel(string text) => new() { MatchLabels = Labels(text) };

    public static LabelSelector Expr(string key, SelectorOperator op, params string[] values) =>
        new() { MatchExpressions = [new LabelSelectorRequirement { Key = key, Operator = op, Values = [.. values] }] };

    public static Namespace Namespace(string name, string labels = "") =>
        new() { Metadata = new ObjectMeta { Name = name, Labels = Labels(labels) } };

    public static Pod Pod(string key, string labels = "", string? ip = null, params ContainerPort[] ports)
    {
        var (ns, name) = Split(key);
        return new Pod
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = Labels(labels) },
            Spec = new PodSpec { Containers = [new Container { Name = "main", Image = "weft/echo", Ports = [.. ports] }] },
            PodIPs = ip is null ? [] : [IPAddress.Parse(ip)],
        };
    }

    public static ContainerPort NamedPort(string name, int port, Protocol protocol = Protocol.Tcp) =>
        new() { Name = name, Port = port, Protocol = protocol };

    public static NetworkPolicy Np(string key, LabelSelector podSelector, NetworkPolicyRule[]? ingress = null, NetworkPolicyRule[]? egress = null, params PolicyType[] types)
    {
        var (ns, name) = Split(key);
        return new NetworkPolicy
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns },
            PodSelector = podSelector,
            Ingress = ingress is null ? [] : [.. ingress],
            Egress = egress is null ? [] : [.. egress],
            PolicyTypes = [.. types],
        };
    }

    public static NetworkPolicyRule Rule(NetworkPolicyPeer[]? peers = null, NetworkPolicyPort[]? ports = null) =>
        new() { Peers = peers is null ? [] : [.. peers], Ports = ports is null ? [] : [.. ports] };

    public static NetworkPolicyPeer PodPeer(string podSelector) => new() { PodSelector = Sel(podSelector) };

    public static NetworkPolicyPeer NsPeer(string namespaceSelector) => new() { NamespaceSelector = Sel(namespaceSelector) };

    public static NetworkPolicyPeer BothPeer(string namespaceSelector, string podSelector) =>
        new() { NamespaceSelector = Sel(namespaceSelector), PodSelector = Sel(podSelector) };

    public static NetworkPolicyPeer IpPeer(string cidr, params string[] except) =>
        new() { IpBlock = new IpBlock { Cidr = IpPrefix.Parse(cidr), Except = [.. except.Select(IpPrefix.Parse)] } };

    public static NetworkPolicyPort Port(int port, Protocol protocol = Protocol.Tcp, int? endPort = null) =>
        new() { Port = IntOrString.FromNumber(port), Protocol = protocol, EndPort = endPort };

    public static NetworkPolicyPort Port(string name, Protocol protocol = Protocol.Tcp) =>
        new() { Port = IntOrString.FromName(name), Protocol = protocol };

    public static NetworkPolicyPort AllPorts(Protocol protocol) => new() { Protocol = protocol };

    public static AdminNetworkPolicy Anp(string name, int priority, AdminSubject subject, AdminRule[]? ingress = null, AdminRule[]? egress = null) =>
        new()
        {
            Metadata = new ObjectMeta { Name = name },
            Priority = priority,
            Subject = subject,
            Ingress = ingress is null ? [] : [.. ingress],
            Egress = egress is null ? [] : [.. egress],
        };

    public static BaselineAdminNetworkPolicy Banp(AdminSubject subject, AdminRule[]? ingress = null, AdminRule[]? egress = null) =>
        new()
        {
            Metadata = new ObjectMeta { Name = "default" },
            Subject = subject,
            Ingress = ingress is null ? [] : [.. ingress],
            Egress = egress is null ? [] : [.. egress],
        };

    public static AdminSubject Namespaces(string selector) => new() { Namespaces = Sel(selector) };

    public static AdminSubject Pods(string namespaceSelector, string podSelector) =>
        new() { PodNamespaces = Sel(namespaceSelector), Pods = Sel(podSelector) };

    public static AdminRule AdminRule(AdminRuleAction action, AdminSubject[]? peers = null, string[]? networks = null, AdminPort[]? ports = null, string name = "") =>
        new()
        {
            Name = name,
            Action = action,
            Peers = peers is null ? [] : [.. peers],
            Networks = networks is null ? [] : [.. networks.Select(IpPrefix.Parse)],
            Ports = ports is null ? [] : [.. ports],
        };

    public static AdminPort AdminPortNumber(int port, Protocol protocol = Protocol.Tcp) => new() { Port = port, Protocol = protocol };

    public static AdminPort AdminPortRange(int start, int end, Protocol protocol = Protocol.Tcp) => new() { Port = start, EndPort = end, Protocol = protocol };

    public static AdminPort AdminNamedPort(string name) => new() { NamedPort = name };

    private static (string Namespace, string Name) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }
}
