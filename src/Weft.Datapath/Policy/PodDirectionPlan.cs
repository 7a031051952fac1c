using System.Collections.Immutable;

namespace Weft.Datapath.Policy;

/// <summary>
/// One local pod in one direction: per peer class (ipcache class id) that does not simply get the default, the
/// profile that decides it; and the default itself (every other class, and protocols without ports such as ICMP).
/// </summary>
public sealed record PodDirectionPlan(string PodKey, string HostInterface, bool Ingress, PolicyDecision Default, ImmutableSortedDictionary<uint, uint> Profiles);
