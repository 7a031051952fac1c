namespace Weft.Cni.Spec;

/// <summary>The success result of ADD (and an IPAM plugin's ADD), independent of the wire version.</summary>
public sealed record CniResult
{
    public IReadOnlyList<CniInterface> Interfaces { get; init; } = [];

    public IReadOnlyList<CniIpConfig> Ips { get; init; } = [];

    public IReadOnlyList<CniRoute> Routes { get; init; } = [];

    public CniDns Dns { get; init; } = new();
}
