using Weft.Api.Net;

namespace Weft.Cni.Install;

/// <summary>What <c>weft cni install</c> writes and where.</summary>
public sealed record CniInstallOptions
{
    public const string DefaultBinDir = "/opt/cni/bin";

    public string BinDir { get; init; } = DefaultBinDir;

    /// <summary>When set, a conflist (weft + portmap) is written here too.</summary>
    public string? ConfDir { get; init; }

    /// <summary>The weft-cni executable (apphost) or weft-cni.dll the launchers run.</summary>
    public required string HostPath { get; init; }

    /// <summary>The .NET installation the launchers point DOTNET_ROOT at (runtimes may start plugins with an empty environment).</summary>
    public string? DotnetRoot { get; init; }

    public string NetworkName { get; init; } = "weft";

    public IpPrefix Subnet { get; init; } = IpPrefix.Parse("10.244.0.0/24");

    public string CniVersion { get; init; } = "1.0.0";

    public int Mtu { get; init; } = 1500;

    public string DataDir { get; init; } = Ipam.IpamConfig.DefaultDataDir;

    /// <summary>
    /// When set, <c>weft</c> and <c>weft-ipam</c> are small native clients (compiled with the system C compiler)
    /// that forward requests to <c>weft-cni serve</c> on this socket, falling back to the launchers when no
    /// server answers.
    /// </summary>
    public string? ServerSocket { get; init; }
}
