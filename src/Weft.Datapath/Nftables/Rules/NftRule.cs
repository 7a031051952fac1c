namespace Weft.Datapath.Nftables.Rules;

/// <summary>
/// One rule of Weft's ruleset. Each kind renders to nft syntax and is understood by the in-memory fake's
/// packet tracer, so tests check what a rule does to packets rather than how it is spelled.
/// </summary>
public abstract record NftRule
{
    public abstract string Render();

    public sealed override string ToString() => Render();

    /// <summary>Chains this rule sends packets to (the kernel refuses to delete a chain still referenced).</summary>
    public virtual IEnumerable<string> ChainReferences => [];

    /// <summary>Sets this rule reads or writes.</summary>
    public virtual IEnumerable<string> SetReferences => [];

    /// <summary>Maps this rule looks up.</summary>
    public virtual IEnumerable<string> MapReferences => [];
}
