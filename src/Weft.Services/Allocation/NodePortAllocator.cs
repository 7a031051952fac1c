using Weft.Api.Manifests;
using Weft.Api.Resources;

namespace Weft.Services.Allocation;

/// <summary>
/// Assigns node ports (30000-32767 by default) to NodePort and LoadBalancer service ports. Requests are
/// honoured when in range and free; a port keeps its previous node port; the rest get the lowest free one.
/// Ports are identified by service, protocol and port number, so reordering ports keeps allocations.
/// </summary>
internal static class NodePortAllocator
{
    public static Dictionary<(string Service, Protocol Protocol, int Port), int> Allocate(
        IReadOnlyList<Service> services, ServiceModel previous, ServiceCompilerOptions options, List<Diagnostic> diagnostics)
    {
        var owners = new Dictionary<(Protocol, int), string>();
        var result = new Dictionary<(string, Protocol, int), int>();
        var pending = new List<(Service Service, ServicePort Port)>();

        foreach (var service in services.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var wantsNodePorts = service.Type is ServiceType.NodePort or ServiceType.LoadBalancer;
            for (var i = 0; i < service.Ports.Length; i++)
            {
                var port = service.Ports[i];
                if (port.NodePort is not { } requested)
                {
                    if (wantsNodePorts)
                    {
                        pending.Add((service, port));
                    }

                    continue;
                }

                var field = $"spec.ports[{i}].nodePort";
                if (!wantsNodePorts)
                {
                    diagnostics.Add(ServiceDiagnostics.Error(service, field, $"may not be used when type is '{service.Type}'"));
                }
                else if (requested < options.NodePortMin || requested > options.NodePortMax)
                {
                    diagnostics.Add(ServiceDiagnostics.Error(service, field,
                        $"{requested} is not in the valid range {options.NodePortMin}-{options.NodePortMax}"));
                }
                else if (owners.TryGetValue((port.Protocol, requested), out var owner))
                {
                    diagnostics.Add(ServiceDiagnostics.Error(service, field,
                        $"provided port {requested}/{port.Protocol.ToString().ToUpperInvariant()} is already allocated to service {owner}"));
                }
                else
                {
                    owners[(port.Protocol, requested)] = service.Key;
                    result[(service.Key, port.Protocol, port.Port)] = requested;
                }
            }
        }

        var stillPending = new List<(Service Service, ServicePort Port)>();
        foreach (var (service, port) in pending)
        {
            var kept = previous.Services.TryGetValue(service.Key, out var entry)
                ? entry.Ports.FirstOrDefault(p => p.Protocol == port.Protocol && p.Port == port.Port)?.NodePort
                : null;
            if (kept is { } k && k >= options.NodePortMin && k <= options.NodePortMax && owners.TryAdd((port.Protocol, k), service.Key))
            {
                result[(service.Key, port.Protocol, port.Port)] = k;
            }
            else
            {
                stillPending.Add((service, port));
            }
        }

        var cursor = options.NodePortMin;
        foreach (var (service, port) in stillPending)
        {
            while (cursor <= options.NodePortMax && (owners.ContainsKey((Protocol.Tcp, cursor)) || owners.ContainsKey((Protocol.Udp, cursor))
                       || owners.ContainsKey((Protocol.Sctp, cursor))))
            {
                cursor++;
            }

            if (cursor > options.NodePortMax)
            {
                diagnostics.Add(ServiceDiagnostics.Error(service, "spec.ports", "no free node port left"));
                continue;
            }

            owners[(port.Protocol, cursor)] = service.Key;
            result[(service.Key, port.Protocol, port.Port)] = cursor++;
        }

        return result;
    }
}
