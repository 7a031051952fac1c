using System.Net;
using Weft.Api.Net;

namespace Weft.Cni.Ipam;

/// <summary>
/// Chooses the next free address of a range set, round-robin after the last one handed out (as host-local
/// does), so a just-released address is not reused at once. Pure: the caller supplies what is in use.
/// </summary>
public static class Allocator
{
    /// <summary>The next free address, or null when every address of the set is in use (or is a gateway).</summary>
    public static IPAddress? Next(IReadOnlyList<IpamRange> set, Func<IPAddress, bool> isUsed, IPAddress? lastReserved)
    {
        // Position to start from: just after the last reserved address when it is still inside the set.
        var (startRange, startOffset) = (0, UInt128.Zero);
        if (lastReserved is not null)
        {
            for (var r = 0; r < set.Count; r++)
            {
                if (set[r].Contains(lastReserved))
                {
                    var offset = IpPrefix.ToBits(lastReserved) - set[r].StartBits + 1;
                    (startRange, startOffset) = offset < set[r].Count ? (r, offset) : ((r + 1) % set.Count, UInt128.Zero);
                    break;
                }
            }
        }

        // Visit every address once, wrapping around; a range set is small enough in practice (a node's /24)
        // and the loop stops at the first free address.
        for (var visited = 0; visited <= set.Count; visited++)
        {
            var r = (startRange + visited) % set.Count;
            var range = set[r];
            var from = visited == 0 ? startOffset : UInt128.Zero;
            var to = visited == set.Count ? startOffset : range.Count;
            for (var offset = from; offset < to; offset++)
            {
                var candidate = IpPrefix.ToAddress(range.StartBits + offset, range.Subnet.Family);
                if (!candidate.Equals(range.Gateway) && !isUsed(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
