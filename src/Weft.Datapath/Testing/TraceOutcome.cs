using System.Collections.Immutable;
using System.Net;

namespace Weft.Datapath.Testing;

/// <summary>
/// One possible fate of a traced packet (random endpoint choice gives several): the verdict, where DNAT sent it,
/// whether it leaves masqueraded, which affinity sets it updated, and the NFLOG prefixes it was logged with.
/// </summary>
public sealed record TraceOutcome(TraceVerdict Verdict, IPEndPoint? DnatTo, bool Masqueraded, ImmutableArray<string> AffinityUpdates, ImmutableArray<string> Logs = default)
{
    public override string ToString() =>
        Verdict != TraceVerdict.Accept ? Verdict.ToString().ToLowerInvariant()
        : $"{(DnatTo is null ? "no-dnat" : DnatTo.ToString())}{(Masqueraded ? " masq" : "")}";
}
