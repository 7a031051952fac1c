using System.Collections.Immutable;

namespace Weft.Datapath.Policy;

/// <summary>
/// One local pod in one direction: the entries that differ from <see cref="Default"/>, and the default itself
/// (what every other peer/port/protocol gets, including protocols without ports such as ICMP).
/// </summary>
public sealed record PodDirectionPlan(string PodKey, string HostInterface, bool Ingress, PolicyDecision Default, ImmutableArray<PolicyEntry> Entries);
