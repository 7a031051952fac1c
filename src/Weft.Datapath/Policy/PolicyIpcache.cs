using System.Collections.Immutable;

namespace Weft.Datapath.Policy;

/// <summary>
/// Address → peer class, node-wide (after Cilium's ipcache): <see cref="Addresses"/> holds single addresses (pod
/// IPs, /32 atoms) for a hash map, <see cref="Ranges"/> the CIDR atoms for a single-field interval map; an exact
/// address overrides the range containing it, and an address in neither is <see cref="WorldClass"/> (outside
/// every CIDR, not a pod). <see cref="Classes"/> names each class by its key (identity, CIDRs, container ports).
/// </summary>
public sealed record PolicyIpcache(
    ImmutableSortedDictionary<uint, uint> Addresses,
    ImmutableArray<ClassRange> Ranges,
    ImmutableSortedDictionary<uint, string> Classes)
{
    /// <summary>The class of addresses outside every policy CIDR and every pod.</summary>
    public const uint WorldClass = 0;

    public static PolicyIpcache Empty { get; } = new(ImmutableSortedDictionary<uint, uint>.Empty, [], ImmutableSortedDictionary<uint, string>.Empty);

    /// <summary>The class of one address, as the datapath computes it.</summary>
    public uint ClassOf(uint address)
    {
        if (Addresses.TryGetValue(address, out var exact))
        {
            return exact;
        }

        foreach (var range in Ranges)
        {
            if (range.Range.Contains(address))
            {
                return range.Class;
            }
        }

        return WorldClass;
    }
}
