using Weft.Api.Resources;
using Weft.Policy.Identities;

namespace Weft.Policy.Compilation;

/// <summary>
/// A policy of any tier, compiled: the identities it selects (its subject) and its rules per direction,
/// each kept only when the policy applies in that direction.
/// </summary>
internal sealed class CompiledPolicy(int index, Resource source, int priority, IdentitySet subject, CompiledRule[] ingress, CompiledRule[] egress, bool appliesToIngress, bool appliesToEgress)
{
    public int Index { get; } = index;

    public Resource Source { get; } = source;

    /// <summary>The ANP priority; 0 for other kinds.</summary>
    public int Priority { get; } = priority;

    public IdentitySet Subject { get; } = subject;

    public CompiledRule[] Ingress { get; } = ingress;

    public CompiledRule[] Egress { get; } = egress;

    public bool AppliesToIngress { get; } = appliesToIngress;

    public bool AppliesToEgress { get; } = appliesToEgress;

    public CompiledRule[] Rules(bool ingress) => ingress ? Ingress : Egress;
}
