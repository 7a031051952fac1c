using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Weft.Api.Resources;
using Weft.Services;
using Weft.Services.Model;

namespace Weft.Local.Runtime;

/// <summary>
/// A service's allocations as persisted in <c>services.json</c>, so that a restarted daemon gives every service
/// back the cluster IP and node ports it had (the compiler keeps what the previous model holds).
/// </summary>
public sealed record ServiceAllocation(string Key, string? ClusterIP, IReadOnlyDictionary<string, int> NodePorts)
{
    public static IReadOnlyList<ServiceAllocation> From(ServiceModel model) =>
        [.. model.Services.Values.Select(s => new ServiceAllocation(
            s.Key,
            s.ClusterIP?.ToString(),
            s.Ports.Where(p => p.NodePort is not null)
                .ToDictionary(p => PortKey(p.Protocol, p.Port), p => p.NodePort!.Value, StringComparer.Ordinal)))];

    /// <summary>A model holding only these allocations: the "previous model" of a restarted daemon's first compile.</summary>
    public static ServiceModel ToModel(IEnumerable<ServiceAllocation> allocations)
    {
        var services = ImmutableSortedDictionary.CreateBuilder<string, ServiceEntry>(StringComparer.Ordinal);
        foreach (var allocation in allocations)
        {
            var slash = allocation.Key.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }

            services[allocation.Key] = new ServiceEntry
            {
                Namespace = allocation.Key[..slash],
                Name = allocation.Key[(slash + 1)..],
                ClusterIP = IPAddress.TryParse(allocation.ClusterIP, out var ip) ? ip : null,
                Ports = [.. allocation.NodePorts.Select(p => ParsePort(p.Key, p.Value)).OfType<ServicePortEntry>()],
            };
        }

        return ServiceModel.Empty with { Services = services.ToImmutable() };
    }

    private static string PortKey(Protocol protocol, int port) => $"{protocol.ToString().ToUpperInvariant()}/{port.ToString(CultureInfo.InvariantCulture)}";

    private static ServicePortEntry? ParsePort(string key, int nodePort)
    {
        var parts = key.Split('/');
        return parts.Length == 2 && Enum.TryParse<Protocol>(parts[0], ignoreCase: true, out var protocol)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? new ServicePortEntry { Protocol = protocol, Port = port, NodePort = nodePort }
            : null;
    }
}
