using Weft.Policy.Compilation;

namespace Weft.Policy.Evaluation;

/// <summary>The raw outcome of evaluating one direction: the deciding tier and rule, without any strings.</summary>
internal readonly record struct Decision(bool Allowed, PolicyTier Tier, CompiledPolicy? Policy, CompiledRule? Rule, int PeerIndex, int PortIndex)
{
    /// <summary>The ANP and rule whose Pass action handed the decision to the NetworkPolicy tier, if any.</summary>
    public CompiledPolicy? PassedBy { get; init; }

    public CompiledRule? PassRule { get; init; }
}
