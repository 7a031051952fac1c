using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Weft.Api.Resources;

namespace Weft.Services.Endpoints;

/// <summary>
/// Derives discovery.k8s.io/v1 EndpointSlices from pods for services with a selector, following the
/// Kubernetes EndpointSlice controller: one group of slices per distinct (address family, resolved ports)
/// mapping, at most <see cref="ServiceCompilerOptions.MaxEndpointsPerSlice"/> endpoints each, conditions
/// from pod readiness, and an empty placeholder slice for a service with no endpoints. Slice names are
/// derived from content, not random, so recompiling the same input yields the same slices.
/// </summary>
internal static class EndpointSliceController
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ManagedBy = "endpointslice-controller.weft.dev";

    public static ImmutableArray<EndpointSlice> Reconcile(Service service, IReadOnlyList<Pod> selectedPods,
        IReadOnlyDictionary<string, PodStatus> statuses, int maxPerSlice)
    {
        var groups = new SortedDictionary<string, (string AddressType, ImmutableArray<EndpointPort> Ports, List<Endpoint> Endpoints)>(StringComparer.Ordinal);
        foreach (var pod in selectedPods.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var ports = ImmutableArray.CreateBuilder<EndpointPort>();
            foreach (var servicePort in service.Ports)
            {
                if (TargetPortResolver.Resolve(servicePort, pod) is { } number)
                {
                    ports.Add(new EndpointPort { Name = servicePort.Name ?? "", Protocol = servicePort.Protocol, Port = number, AppProtocol = servicePort.AppProtocol });
                }
            }

            var status = statuses.GetValueOrDefault(pod.Key) ?? PodStatus.Running;
            foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
            {
                var address = pod.PodIPs.FirstOrDefault(ip => ip.AddressFamily == family);
                if (address is null)
                {
                    continue;
                }

                var addressType = family == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
                var signature = addressType + "|" + string.Join(",", ports.Select(p => $"{p.Name}/{p.Protocol}/{p.Port}"));
                if (!groups.TryGetValue(signature, out var group))
                {
                    group = (addressType, ports.ToImmutable(), []);
                    groups[signature] = group;
                }

                group.Endpoints.Add(ToEndpoint(service, pod, address, status));
            }
        }

        var slices = ImmutableArray.CreateBuilder<EndpointSlice>();
        foreach (var (signature, group) in groups)
        {
            var chunks = group.Endpoints.Chunk(maxPerSlice).ToList();
            for (var i = 0; i < chunks.Count; i++)
            {
                slices.Add(Slice(service, $"{signature}#{i}", group.AddressType, group.Ports, [.. chunks[i]]));
            }
        }

        if (slices.Count == 0)
        {
            // Kubernetes keeps one empty slice per service so watchers can tell "no endpoints" from "not synced".
            slices.Add(Slice(service, "placeholder", "IPv4", [], []));
        }

        return slices.ToImmutable();
    }

    private static Endpoint ToEndpoint(Service service, Pod pod, IPAddress address, PodStatus status)
    {
        // Conditions as in the Kubernetes controller: with publishNotReadyAddresses every endpoint is ready.
        var ready = service.PublishNotReadyAddresses || (status.Ready && !status.Terminating);
        var serving = service.PublishNotReadyAddresses || status.Ready;
        var hostname = pod.Spec.Hostname is { Length: > 0 } h && string.Equals(pod.Spec.Subdomain, service.Name, StringComparison.Ordinal) ? h : null;
        return new Endpoint
        {
            Addresses = [address.ToString()],
            Ready = ready,
            Serving = serving,
            Terminating = status.Terminating,
            Hostname = hostname,
            NodeName = pod.Spec.NodeName,
            TargetPod = pod.Key,
        };
    }

    private static EndpointSlice Slice(Service service, string discriminator, string addressType,
        ImmutableArray<EndpointPort> ports, ImmutableArray<Endpoint> endpoints) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = $"{service.Name}-{ShortHash(discriminator)}",
            Namespace = service.Namespace,
            Labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                [ServiceNameLabel] = service.Name,
                [ManagedByLabel] = ManagedBy,
            }),
        },
        AddressType = addressType,
        Ports = ports,
        Endpoints = endpoints,
    };

    /// <summary>Five lowercase base-32 characters, the length of Kubernetes' generateName suffix.</summary>
    private static string ShortHash(string text)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var value = BitConverter.ToUInt64(hash, 0);
        var chars = new char[5];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[(int)(value % (ulong)alphabet.Length)];
            value /= (ulong)alphabet.Length;
        }

        return new string(chars);
    }
}
