namespace Weft.Datapath.Ports;

public sealed record ConntrackDeleteResult(bool Success, int Deleted, string? Error = null);
