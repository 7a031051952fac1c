using System.Net;
using Weft.Cni.Ipam;

namespace Weft.Cni.Tests.Unit;

/// <summary>A stateful fake store: rejects a second reservation of an address as the file store does.</summary>
internal sealed class InMemoryAllocationStore : IAllocationStore
{
    private readonly Dictionary<IPAddress, AttachmentKey> _records = [];
    private readonly Dictionary<int, IPAddress> _last = [];
    private int _locked;

    public IReadOnlyDictionary<IPAddress, AttachmentKey> Records => _records;

    public IDisposable Lock()
    {
        Interlocked.Increment(ref _locked).ShouldBe(1, "the store lock is not re-entrant");
        return new Unlock(() => Interlocked.Decrement(ref _locked));
    }

    public IReadOnlyList<Allocation> List()
    {
        AssertLocked();
        return _records.Select(r => new Allocation(r.Key, r.Value)).ToList();
    }

    public bool TryReserve(Allocation allocation)
    {
        AssertLocked();
        return _records.TryAdd(allocation.Address, allocation.Owner);
    }

    public void Release(IPAddress address)
    {
        AssertLocked();
        _records.Remove(address);
    }

    public IPAddress? LastReserved(int rangeSet) => _last.GetValueOrDefault(rangeSet);

    public void SetLastReserved(int rangeSet, IPAddress address) => _last[rangeSet] = address;

    private void AssertLocked() => _locked.ShouldBe(1, "store used without holding its lock");

    private sealed class Unlock(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
