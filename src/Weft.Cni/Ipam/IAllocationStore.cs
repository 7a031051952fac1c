using System.Net;

namespace Weft.Cni.Ipam;

/// <summary>
/// The persistent allocations of one network. Every method must be called while holding the store's lock
/// (<see cref="Lock"/>), which serialises concurrent plugin processes.
/// </summary>
public interface IAllocationStore
{
    /// <summary>Takes the network's exclusive lock and clears what a killed writer may have left behind.</summary>
    IDisposable Lock();

    IReadOnlyList<Allocation> List();

    /// <summary>Records <paramref name="allocation"/> atomically; false when the address is already taken.</summary>
    bool TryReserve(Allocation allocation);

    /// <summary>Removes the allocation of <paramref name="address"/>.</summary>
    void Release(IPAddress address);

    IPAddress? LastReserved(int rangeSet);

    void SetLastReserved(int rangeSet, IPAddress address);
}
