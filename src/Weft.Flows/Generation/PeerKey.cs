using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Weft.Api.Net;
using Weft.Api.Resources;
using Weft.Api.Selectors;

namespace Weft.Flows.Generation;

/// <summary>A peer of a generated rule: a workload (same or other namespace), or one address outside the cluster.</summary>
internal sealed record PeerKey(Workload? Workload, IPAddress? Address) : IComparable<PeerKey>
{
    /// <summary>The kubernetes.io/metadata.name label every namespace carries (Kubernetes 1.22+).</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    public NetworkPolicyPeer ToPeer(string policyNamespace)
    {
        if (Workload is null)
        {
            var address = Address!;
            return new NetworkPolicyPeer { IpBlock = new IpBlock { Cidr = IpPrefix.Host(address) } };
        }

        var pods = new LabelSelector { MatchLabels = Workload.Selector };
        return string.Equals(Workload.Namespace, policyNamespace, StringComparison.Ordinal)
            ? new NetworkPolicyPeer { PodSelector = pods }
            : new NetworkPolicyPeer
            {
                NamespaceSelector = new LabelSelector
                {
                    MatchLabels = ImmutableSortedDictionary<string, string>.Empty.Add(NamespaceNameLabel, Workload.Namespace),
                },
                PodSelector = pods,
            };
    }

    public int CompareTo(PeerKey? other)
    {
        if (other is null)
        {
            return 1;
        }

        // Pods before addresses; addresses by family then bytes.
        if (Workload is not null || other.Workload is not null)
        {
            return Workload is null ? 1 : other.Workload is null ? -1 : Workload.CompareTo(other.Workload);
        }

        var family = (Address!.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            - (other.Address!.AddressFamily == AddressFamily.InterNetwork ? 0 : 1);
        return family != 0 ? family : IpPrefix.ToBits(Address).CompareTo(IpPrefix.ToBits(other.Address));
    }
}
