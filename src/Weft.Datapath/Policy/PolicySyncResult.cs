namespace Weft.Datapath.Policy;

/// <summary>What one policy sync did: applied or not, full or incremental, its size, nft's error on failure.</summary>
public sealed record PolicySyncResult(bool Applied, bool Changed, bool FullResync, int Operations, string? Error);
