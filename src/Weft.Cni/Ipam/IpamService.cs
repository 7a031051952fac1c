using System.Net;
using Weft.Cni.Spec;

namespace Weft.Cni.Ipam;

/// <summary>
/// The IPAM verbs over an <see cref="IAllocationStore"/>. Every verb runs under the store's lock, so concurrent
/// plugin processes never hand out the same address. ADD is idempotent per attachment: a retried ADD (after a
/// crash, or a runtime retry) gets the address already recorded for that container and interface.
/// </summary>
public sealed class IpamService(IpamConfig config, IAllocationStore store, Action<string>? fault = null)
{
    public CniOutcome Add(AttachmentKey key)
    {
        using var held = store.Lock();
        CniTrace.Mark("ipam locked");
        var allocations = store.List();
        CniTrace.Mark("ipam listed");
        var used = new HashSet<IPAddress>(allocations.Select(a => a.Address));
        var ips = new List<CniIpConfig>();
        var reserved = new List<IPAddress>();
        for (var set = 0; set < config.RangeSets.Count; set++)
        {
            var ranges = config.RangeSets[set];
            var existing = allocations.FirstOrDefault(a => a.Owner == key && ranges.Any(r => r.Contains(a.Address)));
            var address = existing?.Address;
            if (address is null)
            {
                address = Allocator.Next(ranges, used.Contains, store.LastReserved(set));
                if (address is null || !store.TryReserve(new Allocation(address, key)))
                {
                    foreach (var undo in reserved)
                    {
                        store.Release(undo);
                    }

                    return CniOutcome.Failure(Exhausted(set, ranges, allocations));
                }

                reserved.Add(address);
                used.Add(address);
                store.SetLastReserved(set, address);
            }

            var range = ranges.First(r => r.Contains(address));
            ips.Add(new CniIpConfig(new CidrAddress(address, range.Subnet.Length), range.Gateway));
        }

        fault?.Invoke("after-reserve");
        return CniOutcome.Success(new CniResult { Ips = ips, Routes = config.Routes });
    }

    /// <summary>Releases every address of the attachment; releasing nothing is success (DEL is idempotent).</summary>
    public CniOutcome Del(AttachmentKey key)
    {
        using var held = store.Lock();
        foreach (var allocation in store.List())
        {
            if (allocation.Owner == key)
            {
                store.Release(allocation.Address);
            }
        }

        return CniOutcome.Empty;
    }

    /// <summary>Checks that the attachment holds an address in every range set (and, given, the expected ones).</summary>
    public CniOutcome Check(AttachmentKey key, IReadOnlyList<IPAddress> expected)
    {
        using var held = store.Lock();
        var owned = store.List().Where(a => a.Owner == key).Select(a => a.Address).ToList();
        for (var set = 0; set < config.RangeSets.Count; set++)
        {
            if (!owned.Any(address => config.RangeSets[set].Any(r => r.Contains(address))))
            {
                return CniOutcome.Failure(new CniError(CniErrorCode.UnknownContainer,
                    $"no address allocated to {key.ContainerId}/{key.IfName} in range set {set} of network {config.NetworkName}"));
            }
        }

        foreach (var address in expected)
        {
            // A prevResult may carry addresses from other plugins: only ours are checked.
            if (config.RangeSets.Any(set => set.Any(r => r.Contains(address))) && !owned.Contains(address))
            {
                return CniOutcome.Failure(new CniError(CniErrorCode.UnknownContainer,
                    $"{address} is not allocated to {key.ContainerId}/{key.IfName} in network {config.NetworkName}"));
            }
        }

        return CniOutcome.Empty;
    }

    /// <summary>Releases every allocation whose attachment is not in <paramref name="valid"/> (CNI GC, spec 1.1.0).</summary>
    public CniOutcome Gc(IReadOnlySet<AttachmentKey> valid)
    {
        using var held = store.Lock();
        foreach (var allocation in store.List())
        {
            if (!valid.Contains(allocation.Owner))
            {
                store.Release(allocation.Address);
            }
        }

        return CniOutcome.Empty;
    }

    /// <summary>Ready when every range set still has a free address (CNI STATUS, spec 1.1.0).</summary>
    public CniOutcome Status()
    {
        using var held = store.Lock();
        var allocations = store.List();
        var used = new HashSet<IPAddress>(allocations.Select(a => a.Address));
        for (var set = 0; set < config.RangeSets.Count; set++)
        {
            if (Allocator.Next(config.RangeSets[set], used.Contains, null) is null)
            {
                var exhausted = Exhausted(set, config.RangeSets[set], allocations);
                return CniOutcome.Failure(new CniError(CniErrorCode.NotAvailable, exhausted.Message, exhausted.Details));
            }
        }

        return CniOutcome.Empty;
    }

    private CniError Exhausted(int set, IReadOnlyList<IpamRange> ranges, IReadOnlyList<Allocation> allocations)
    {
        var names = string.Join(", ", ranges.Select(r => r.ToString()));
        var count = allocations.Count(a => ranges.Any(r => r.Contains(a.Address)));
        return new CniError(CniErrorCode.AddressesExhausted,
            $"no free address in range {names} of network {config.NetworkName}",
            $"range set {set}: {count} addresses allocated; release some (DEL) or reclaim leaks (GC), or widen the range");
    }
}
