using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Dns.Zone;

namespace Weft.Cli.Commands.Dns;

/// <summary>
/// Maps manifests straight to the DNS input, for <c>weft dns serve</c> only: services need their clusterIP written
/// out (nothing allocates here), headless endpoints come from EndpointSlices, pods from status podIPs. In a cluster the
/// services model feeds <see cref="ClusterDnsInput"/> instead.
/// </summary>
internal static class ManifestDnsInput
{
    public static ClusterDnsInput From(IEnumerable<Resource> resources)
    {
        var all = resources.ToList();
        var slices = all.OfType<EndpointSlice>()
            .Where(s => s.ServiceName is not null)
            .ToLookup(s => (s.Namespace, s.ServiceName!));
        var services = all.OfType<Service>().Select(s => Map(s, slices[(Namespace(s), s.Name)])).ToImmutableArray();
        var pods = all.OfType<Pod>()
            .Where(p => !p.PodIPs.IsDefaultOrEmpty)
            .Select(p => new DnsPod { Namespace = Namespace(p), Name = p.Name, IPs = p.PodIPs })
            .ToImmutableArray();
        var namespaces = all.OfType<Namespace>().Select(n => n.Name).ToImmutableArray();
        return new ClusterDnsInput { Services = services, Pods = pods, Namespaces = namespaces };
    }

    private static DnsService Map(Service service, IEnumerable<EndpointSlice> slices)
    {
        var kind = service.Type == ServiceType.ExternalName ? DnsServiceKind.ExternalName
            : service.IsHeadless ? DnsServiceKind.Headless
            : DnsServiceKind.ClusterIP;
        return new DnsService
        {
            Name = service.Name,
            Namespace = Namespace(service),
            Kind = kind,
            ClusterIPs = kind == DnsServiceKind.ClusterIP && IPAddress.TryParse(service.ClusterIP, out var ip) ? [ip] : [],
            ExternalName = service.ExternalName,
            PublishNotReadyAddresses = service.PublishNotReadyAddresses,
            Ports = [.. service.Ports.Select(p => new DnsServicePort(p.Name, Protocol(p.Protocol), p.Port))],
            Endpoints = [.. slices.SelectMany(s => s.Endpoints).Select(Map).Where(e => !e.Addresses.IsEmpty)],
        };
    }

    private static DnsEndpoint Map(Endpoint endpoint) => new()
    {
        Addresses = [.. endpoint.Addresses.Select(a => IPAddress.TryParse(a, out var ip) ? ip : null).OfType<IPAddress>()],

        // EndpointSlice: a missing ready condition means ready.
        Ready = endpoint.Ready ?? true,
        Hostname = endpoint.Hostname,
        PodName = endpoint.TargetPod?.Split('/')[^1],
    };

    private static DnsPortProtocol Protocol(Protocol protocol) => protocol switch
    {
        Api.Resources.Protocol.Udp => DnsPortProtocol.Udp,
        Api.Resources.Protocol.Sctp => DnsPortProtocol.Sctp,
        _ => DnsPortProtocol.Tcp,
    };

    private static string Namespace(Resource resource) => resource.Namespace.Length == 0 ? "default" : resource.Namespace;
}
