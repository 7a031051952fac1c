namespace Weft.Datapath.Linux.Abstractions;

/// <summary>A link as the kernel reports it.</summary>
public sealed record LinkInfo(string Name, int Index, int Mtu, string? Mac, bool IsUp)
{
    /// <summary>veth, bridge, vxlan, dummy… (null for physical or unknown).</summary>
    public string? Kind { get; init; }

    public string? Master { get; init; }
}
