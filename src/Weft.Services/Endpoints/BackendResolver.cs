using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Services.Model;

namespace Weft.Services.Endpoints;

/// <summary>
/// Reads a service port's backends out of its EndpointSlices the way kube-proxy does: the slice port with the
/// same name and protocol gives the target port of every endpoint in that slice.
/// </summary>
internal static class BackendResolver
{
    public static ImmutableArray<Backend> Resolve(ServicePort servicePort, IEnumerable<EndpointSlice> slices)
    {
        var name = servicePort.Name ?? "";
        var seen = new HashSet<(IPAddress, int)>();
        var backends = new List<Backend>();
        foreach (var slice in slices)
        {
            var match = slice.Ports.FirstOrDefault(p => string.Equals(p.Name ?? "", name, StringComparison.Ordinal) && p.Protocol == servicePort.Protocol);
            if (match?.Port is not { } port)
            {
                continue;
            }

            foreach (var endpoint in slice.Endpoints)
            {
                if (endpoint.Addresses.IsDefaultOrEmpty || !IPAddress.TryParse(endpoint.Addresses[0], out var address) || !seen.Add((address, port)))
                {
                    continue;
                }

                var ready = endpoint.Ready ?? true;
                backends.Add(new Backend
                {
                    Address = address,
                    Port = port,
                    Ready = ready,
                    Serving = endpoint.Serving ?? ready,
                    Terminating = endpoint.Terminating ?? false,
                    NodeName = endpoint.NodeName,
                    TargetPod = endpoint.TargetPod,
                });
            }
        }

        return [.. backends.OrderBy(b => b.Address.ToString(), StringComparer.Ordinal).ThenBy(b => b.Port)];
    }
}
