using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Dns.Zone;
using Weft.Services;
using Weft.Services.Model;

namespace Weft.Agent.ControlPlane;

/// <summary>
/// Turns the compiled service model and the pods into cluster DNS input: services with their allocated
/// addresses, headless services with the endpoints of their EndpointSlices (hostnames included), and every
/// addressed pod for pod records and PTRs. Pure.
/// </summary>
public static class DnsInputMapper
{
    public static ClusterDnsInput Map(ServiceModel model, SnapshotInputs inputs)
    {
        var slices = model.EndpointSlices.Where(s => s.ServiceName is not null)
            .ToLookup(s => $"{s.Namespace}/{s.ServiceName}", StringComparer.Ordinal);
        var services = model.Services.Values.Select(s => Service(s, slices[s.Key])).ToImmutableArray();
        var pods = inputs.Pods.Where(p => !p.PodIPs.IsDefaultOrEmpty)
            .Select(p => new DnsPod { Namespace = p.Namespace, Name = p.Name, IPs = p.PodIPs })
            .ToImmutableArray();
        var namespaces = inputs.Namespaces
            .Concat(inputs.Pods.Select(p => p.Namespace))
            .Concat(model.Services.Values.Select(s => s.Namespace))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
        return new ClusterDnsInput { Services = services, Pods = pods, Namespaces = namespaces };
    }

    private static DnsService Service(ServiceEntry service, IEnumerable<EndpointSlice> slices) => new()
    {
        Name = service.Name,
        Namespace = service.Namespace,
        Kind = service.Type == ServiceType.ExternalName ? DnsServiceKind.ExternalName
            : service.Headless ? DnsServiceKind.Headless
            : DnsServiceKind.ClusterIP,
        ClusterIPs = service.ClusterIP is { } ip ? [ip] : [],
        Ports = [.. service.Ports.Select(p => new DnsServicePort(p.Name.Length == 0 ? null : p.Name, Protocol(p.Protocol), p.Port))],
        ExternalName = service.ExternalName,
        PublishNotReadyAddresses = service.PublishNotReadyAddresses,
        Endpoints = service.Headless ? [.. slices.SelectMany(s => s.Endpoints).Select(Endpoint).OfType<DnsEndpoint>()] : [],
    };

    private static DnsEndpoint? Endpoint(Endpoint endpoint)
    {
        var addresses = endpoint.Addresses
            .Select(a => IPAddress.TryParse(a, out var parsed) ? parsed : null)
            .OfType<IPAddress>()
            .ToImmutableArray();
        if (addresses.IsEmpty)
        {
            return null;
        }

        var pod = endpoint.TargetPod;
        return new DnsEndpoint
        {
            Addresses = addresses,
            Ready = endpoint.Ready ?? true,
            Hostname = endpoint.Hostname,
            PodName = pod is null ? null : pod[(pod.IndexOf('/', StringComparison.Ordinal) + 1)..],
        };
    }

    private static DnsPortProtocol Protocol(Protocol protocol) => protocol switch
    {
        Api.Resources.Protocol.Udp => DnsPortProtocol.Udp,
        Api.Resources.Protocol.Sctp => DnsPortProtocol.Sctp,
        _ => DnsPortProtocol.Tcp,
    };
}
