namespace Weft.Datapath.Nftables.Rules;

/// <summary>
/// NodePort lookup on (protocol, port) for packets to any local address of the node except loopback
/// (kube-proxy excludes 127.0.0.0/8: route_localnet is off, so such packets could not be DNATed out anyway).
/// </summary>
public sealed record NodePortLookupRule(string Map) : NftRule
{
    public override string Render() => $"fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @{Map}";

    public override IEnumerable<string> MapReferences => [Map];
}
