namespace Weft.Datapath.Nftables.Rules;

/// <summary>
/// <c>numgen random mod K == 0 goto sep-…</c>. A service port with N endpoints gets N-1 of these with K = N, N-1,
/// …, 2 and a plain <c>goto</c> to the last endpoint: endpoint i is taken with probability 1/(N-i) when reached,
/// which is 1/N overall (the iptables statistic-match scheme).
/// <para>
/// kube-proxy uses one anonymous <c>numgen random mod N vmap { 0 : goto …, … }</c> per service instead. On the
/// kernels measured here every anonymous map makes the kernel scan all sets of the table to name it, so 10,000
/// services took over a minute to program; a shared map keyed by service made every commit re-validate all
/// endpoint chains per service (quadratic too). Plain rules keep full syncs linear; the price is up to N-1
/// random numbers on a connection's first packet, independent of the number of services.
/// </para>
/// </summary>
public sealed record RandomGotoRule(int Modulus, string Chain) : NftRule
{
    public override string Render() => $"numgen random mod {Modulus} == 0 goto {Chain}";

    public override IEnumerable<string> ChainReferences => [Chain];
}
