using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using Weft.Mesh.Balancing;
using Weft.Mesh.Watch;

namespace Weft.Mesh.ControlPlane;

/// <summary>
/// The sidecar's view of the mesh from the daemon's <c>/v1/mesh/members</c> text (<c>pod IP [SPIFFE-ID]</c> lines: meshed pods;
/// <c>svc ADDR:PORT EP…</c> lines: a ClusterIP port and its ready endpoints). Destinations are latest-value
/// endpoint watches named "ADDR:PORT": a service's publishes its endpoints (per-request balancing), any other
/// destination just itself. Keeps the last view when the daemon is away.
/// </summary>
public sealed class MeshMembers
{
    private readonly ConcurrentDictionary<string, LatestValue<EndpointSet>> _watches = new(StringComparer.Ordinal);
    private ImmutableDictionary<IPAddress, string> _meshed = ImmutableDictionary<IPAddress, string>.Empty;
    private ImmutableHashSet<string> _services = ImmutableHashSet<string>.Empty;

    public bool IsMeshed(IPAddress address) => Volatile.Read(ref _meshed).ContainsKey(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>A meshed pod's SPIFFE ID as the control plane gave it ("" when it gave none); null when not meshed.</summary>
    public string? IdentityOf(IPAddress address) => Volatile.Read(ref _meshed).GetValueOrDefault(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>The watch for destination "ADDR:PORT", or null for names that are not endpoints (listener names).</summary>
    public LatestValue<EndpointSet>? Endpoints(string name) =>
        IPEndPoint.TryParse(name, out var endpoint) && endpoint.Port != 0
            ? _watches.GetOrAdd(name, static (_, ep) => new LatestValue<EndpointSet>(EndpointSet.Of(ep)), endpoint)
            : null;

    /// <summary>Applies a whole members text; malformed lines are skipped (the daemon renders them).</summary>
    public void Apply(string text)
    {
        var meshed = ImmutableDictionary.CreateBuilder<IPAddress, string>();
        var services = new Dictionary<string, EndpointSet>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["pod", var ip, .. var identity] && IPAddress.TryParse(ip, out var address))
            {
                meshed[address] = identity is [var id] ? id : "";
            }
            else if (fields.Length >= 2 && fields[0] == "svc" && IPEndPoint.TryParse(fields[1], out var service))
            {
                var endpoints = fields.Skip(2).Select(f => IPEndPoint.TryParse(f, out var ep) ? ep : null).OfType<IPEndPoint>().ToArray();
                services[service.ToString()] = EndpointSet.Of(endpoints);
            }
        }

        Volatile.Write(ref _meshed, meshed.ToImmutable());
        foreach (var (name, set) in services)
        {
            var watch = Endpoints(name)!;
            if (!watch.Current.Endpoints.SequenceEqual(set.Endpoints)) watch.Publish(set);
        }

        // A service that went away: its address is just itself again.
        foreach (var gone in _services.Except(services.Keys))
        {
            if (_watches.TryGetValue(gone, out var watch) && IPEndPoint.TryParse(gone, out var self)) watch.Publish(EndpointSet.Of(self));
        }

        _services = [.. services.Keys];
    }
}
