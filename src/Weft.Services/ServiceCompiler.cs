using System.Collections.Immutable;
using Weft.Api.Manifests;
using Weft.Api.Resources;
using Weft.Services.Allocation;
using Weft.Services.Endpoints;
using Weft.Services.Model;

namespace Weft.Services;

/// <summary>
/// The pure service compiler: <c>(previous model, inputs) → model</c>. Allocates cluster IPs and node ports
/// (stable across recompiles because the previous model is an input), maintains EndpointSlices for services
/// with a selector, keeps user-provided slices for the others, and resolves each port's backends. No I/O,
/// no clock, no randomness.
/// </summary>
public static class ServiceCompiler
{
    public static ServiceCompileResult Compile(ServiceModel previous, ServiceInputs inputs, ServiceCompilerOptions? options = null)
    {
        options ??= ServiceCompilerOptions.Default;
        var diagnostics = new List<Diagnostic>();
        var services = inputs.Services.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();

        foreach (var duplicate in services.GroupBy(s => s.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            diagnostics.Add(ServiceDiagnostics.Error(duplicate.Last(), "metadata.name", $"service {duplicate.Key} is defined more than once"));
        }

        var clusterIps = ClusterIpAllocator.Allocate(services, previous, options, diagnostics);
        var nodePorts = NodePortAllocator.Allocate(services, previous, options, diagnostics);
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new ServiceCompileResult(previous, [.. diagnostics]);
        }

        var pods = new PodIndex(inputs.Pods);
        var userSlices = inputs.EndpointSlices.Where(s => s.ServiceName is not null)
            .GroupBy(s => $"{s.Namespace}/{s.ServiceName}", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var entries = ImmutableSortedDictionary.CreateBuilder<string, ServiceEntry>(StringComparer.Ordinal);
        var allSlices = new List<EndpointSlice>();
        foreach (var service in services)
        {
            var hasSelector = service.Selector is { Count: > 0 } && service.Type != ServiceType.ExternalName;
            IReadOnlyList<EndpointSlice> slices = hasSelector
                ? EndpointSliceController.Reconcile(service, pods.Select(service.Namespace, service.Selector!), inputs.PodStatuses, options.MaxEndpointsPerSlice)
                : service.Type == ServiceType.ExternalName ? [] : userSlices.GetValueOrDefault(service.Key) ?? [];
            allSlices.AddRange(slices);

            var ports = service.Ports.Select(port => new ServicePortEntry
            {
                Name = port.Name ?? "",
                Protocol = port.Protocol,
                Port = port.Port,
                NodePort = nodePorts.TryGetValue((service.Key, port.Protocol, port.Port), out var nodePort) ? nodePort : null,
                Backends = service.Type == ServiceType.ExternalName ? [] : BackendResolver.Resolve(port, slices),
            }).ToImmutableArray();

            entries[service.Key] = new ServiceEntry
            {
                Namespace = service.Namespace,
                Name = service.Name,
                Type = service.Type,
                ClusterIP = clusterIps.GetValueOrDefault(service.Key),
                Headless = service.IsHeadless && service.Type != ServiceType.ExternalName,
                ExternalName = service.ExternalName,
                Ports = ports,
                SessionAffinity = service.SessionAffinity,
                SessionAffinityTimeoutSeconds = service.SessionAffinityTimeoutSeconds,
                InternalTrafficPolicy = service.InternalTrafficPolicy,
                ExternalTrafficPolicy = service.ExternalTrafficPolicy,
                PublishNotReadyAddresses = service.PublishNotReadyAddresses,
                HasSelector = hasSelector,
            };
        }

        var model = new ServiceModel
        {
            Revision = previous.Revision + 1,
            Services = entries.ToImmutable(),
            EndpointSlices = [.. allSlices.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)],
        };
        return new ServiceCompileResult(model, [.. diagnostics]);
    }
}
