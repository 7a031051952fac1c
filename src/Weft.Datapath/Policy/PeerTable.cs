using System.Collections.Immutable;
using System.Text;
using Weft.Policy;

namespace Weft.Datapath.Policy;

/// <summary>
/// Every elementary address interval as a peer: a pod address (with the pod) or an external interval, each with
/// its peer-class keys. Two peers with equal keys get equal verdicts from the engine: the key holds the identity,
/// the CIDRs containing the address and, for egress (named ports resolve on the destination), the container ports.
/// </summary>
internal sealed record PeerTable(ImmutableArray<Peer> Peers)
{
    public static PeerTable Build(PolicyModel model, PolicyBounds bounds)
    {
        var peers = ImmutableArray.CreateBuilder<Peer>(bounds.Addresses.Length);
        var cidrs = bounds.Cidrs.Select(c => new AddressRange(AddressRange.ToUInt32(c.Network), AddressRange.ToUInt32(c.Last))).ToArray();
        foreach (var range in bounds.Addresses)
        {
            var membership = new StringBuilder();
            for (var i = 0; i < cidrs.Length; i++)
            {
                if (cidrs[i].Contains(range.First))
                {
                    membership.Append(i).Append(',');
                }
            }

            if (range.First == range.Last && model.TryFindPodByAddress(AddressRange.ToAddress(range.First), out var pod))
            {
                var identity = model.IdentityOf(pod);
                var ports = string.Join(",", model.Pods[pod].Spec.Containers.SelectMany(c => c.Ports)
                    .Select(p => $"{p.Name}/{p.Protocol}/{p.Port}").Order(StringComparer.Ordinal));
                var ingressClass = $"id{identity}|{membership}";
                peers.Add(new Peer(range, pod, ingressClass, $"{ingressClass}|{ports}"));
            }
            else
            {
                var externalClass = $"ext|{membership}";
                peers.Add(new Peer(range, -1, externalClass, externalClass));
            }
        }

        return new PeerTable(peers.MoveToImmutable());
    }
}
