using System.Net;

namespace Weft.Mesh.Balancing;

/// <summary>One endpoint as the balancer tracks it: address, URI prefix for HTTP, latency estimate.</summary>
internal sealed class BalancedEndpoint(IPEndPoint address, PeakEwma load)
{
    public IPEndPoint Address { get; } = address;

    /// <summary>"host:port" with IPv6 brackets, ready to prefix a request target.</summary>
    public string Authority { get; } = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{address.Address}]:{address.Port}"
        : $"{address.Address}:{address.Port}";

    public PeakEwma Load { get; } = load;
}
