namespace Weft.Policy.Identities;

/// <summary>
/// An immutable set of identity ids: a sorted array when small, plus a bitset when large, so that
/// membership is one or two memory reads either way.
/// </summary>
internal sealed class IdentitySet
{
    private const int BitsetThreshold = 32;

    private readonly ulong[]? bits;

    private IdentitySet(int[] ids, int universe)
    {
        Ids = ids;
        if (ids.Length > BitsetThreshold)
        {
            bits = new ulong[(universe + 63) / 64];
            foreach (var id in ids)
            {
                bits[id >> 6] |= 1UL << (id & 63);
            }
        }
    }

    public static IdentitySet Empty { get; } = new([], 0);

    /// <summary>The members in ascending order.</summary>
    public int[] Ids { get; }

    public int Count => Ids.Length;

    public static IdentitySet FromSorted(int[] ids, int universe) => ids.Length == 0 ? Empty : new IdentitySet(ids, universe);

    public bool Contains(int id)
    {
        if (bits is not null)
        {
            var word = id >> 6;
            return word < bits.Length && (bits[word] & (1UL << (id & 63))) != 0;
        }

        var ids = Ids;
        if (ids.Length <= 8)
        {
            foreach (var member in ids)
            {
                if (member == id)
                {
                    return true;
                }
            }

            return false;
        }

        return Array.BinarySearch(ids, id) >= 0;
    }
}
