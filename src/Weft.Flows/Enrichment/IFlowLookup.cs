using System.Net;

namespace Weft.Flows.Enrichment;

/// <summary>
/// An immutable snapshot of what the enricher needs to name kernel facts: pods and identities by address, policy
/// rules by the id their NFLOG prefix carries, services by frontend address. The agent builds a new snapshot
/// when the policy or service model changes and swaps it whole; implementations must be safe to read from
/// several threads.
/// </summary>
public interface IFlowLookup
{
    /// <summary>The pod (with identity, labels and node) that owns <paramref name="address"/>; null when none does.</summary>
    FlowEndpoint? FindPod(IPAddress address);

    /// <summary>The rule behind an NFLOG rule id (<see cref="NflogPrefix"/>); null when unknown.</summary>
    PolicyRuleRef? FindRule(uint ruleId);

    /// <summary><c>namespace/name</c> of the service with frontend address and port; null when none.</summary>
    string? FindService(IPAddress address, int port, IpProtocol protocol);
}
