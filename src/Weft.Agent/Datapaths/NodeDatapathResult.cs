namespace Weft.Agent.Datapaths;

/// <summary>What one datapath sync did; <see cref="Error"/> is set when the kernel refused it.</summary>
public sealed record NodeDatapathResult(bool Success, bool Changed, string? Error = null)
{
    public static NodeDatapathResult Unchanged { get; } = new(true, false);
}
