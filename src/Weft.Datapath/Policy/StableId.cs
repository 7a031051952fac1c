namespace Weft.Datapath.Policy;

/// <summary>FNV-1a (32 bits) of a text: ids that stay the same across syncs and restarts while the thing they name does.</summary>
internal static class StableId
{
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }
}
