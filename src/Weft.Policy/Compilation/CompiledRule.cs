using Weft.Api.Resources;

namespace Weft.Policy.Compilation;

/// <summary>
/// One rule of a NetworkPolicy, AdminNetworkPolicy or BaselineAdminNetworkPolicy, compiled: peers resolved to
/// identity sets and CIDRs, ports to ranges or named ports. A null peer (or port) list matches everything.
/// </summary>
internal sealed class CompiledRule(int policyIndex, int ruleIndex, AdminRuleAction action, PeerMatcher[]? peers, PortMatcher[]? ports)
{
    public int PolicyIndex { get; } = policyIndex;

    public int RuleIndex { get; } = ruleIndex;

    /// <summary>Allow for NetworkPolicy rules; the rule's action for (B)ANP rules.</summary>
    public AdminRuleAction Action { get; } = action;

    public PeerMatcher[]? Peers { get; } = peers;

    public PortMatcher[]? Ports { get; } = ports;

    /// <summary>
    /// Whether the rule matches; <paramref name="peerIndex"/> and <paramref name="portIndex"/> are the first
    /// matching entries, or -1 when the rule has no peer (port) list and so matches all.
    /// </summary>
    public bool Matches(in PeerEndpoint peer, CompiledPod? destination, Protocol protocol, int port, out int peerIndex, out int portIndex)
    {
        peerIndex = -1;
        portIndex = -1;
        // Peers first: an identity-set lookup is cheap and usually the more selective test.
        if (Peers is { } peers)
        {
            var found = false;
            for (var i = 0; i < peers.Length; i++)
            {
                if (peers[i].Matches(peer))
                {
                    peerIndex = i;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        if (Ports is { } ports)
        {
            for (var i = 0; i < ports.Length; i++)
            {
                if (ports[i].Matches(protocol, port, destination))
                {
                    portIndex = i;
                    return true;
                }
            }

            return false;
        }

        return true;
    }
}
