namespace Weft.Cni.Plugin;

/// <summary>The <c>weft</c> main plugin's own keys.</summary>
public sealed record WeftConfig
{
    public const string TypeName = "weft";
    public const string DefaultHostPrefix = "weft";

    /// <summary>MTU of both veth ends.</summary>
    public int Mtu { get; init; } = 1500;

    /// <summary>Host-side veth names are this prefix plus hex digits of a hash, 15 characters in all.</summary>
    public string HostInterfacePrefix { get; init; } = DefaultHostPrefix;

    /// <summary>The IPAM plugin's type (a binary in CNI_PATH).</summary>
    public required string IpamType { get; init; }
}
