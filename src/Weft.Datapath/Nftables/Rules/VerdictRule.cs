namespace Weft.Datapath.Nftables.Rules;

/// <summary><c>jump X</c>, <c>goto X</c>, <c>drop</c>…; with <see cref="OnlyNewConnections"/>, <c>ct state new jump X</c>.</summary>
public sealed record VerdictRule(NftVerdict Verdict, bool OnlyNewConnections = false) : NftRule
{
    public override string Render() => OnlyNewConnections ? $"ct state new {Verdict}" : Verdict.ToString();

    public override IEnumerable<string> ChainReferences => Verdict.Chain is { } chain ? [chain] : [];
}
