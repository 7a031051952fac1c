using Weft.Datapath.Policy;
using Weft.Dns.Zone;
using Weft.Services;

namespace Weft.Agent.ControlPlane;

/// <summary>
/// The local control plane's pure step: <c>(previous snapshot, inputs) → snapshot</c>. Services are compiled
/// against the previous model, so cluster IPs and node ports stay where they were; the DNS zone is built from
/// the compiled model (allocated addresses, generated EndpointSlices) and the pods.
/// </summary>
public static class SnapshotCompiler
{
    public static SnapshotResult Compile(ClusterSnapshot previous, SnapshotInputs inputs, ServiceCompilerOptions services, ClusterDnsOptions dns)
    {
        var compiled = ServiceCompiler.Compile(previous.Services, new ServiceInputs
        {
            Services = inputs.Services,
            EndpointSlices = inputs.EndpointSlices,
            Pods = inputs.Pods,
            PodStatuses = inputs.PodStatuses,
        }, services);
        if (compiled.HasErrors)
        {
            return new SnapshotResult(previous, compiled.Diagnostics);
        }

        var revision = previous.Revision + 1;
        var zone = ClusterDnsZoneBuilder.Build(DnsInputMapper.Map(compiled.Model, inputs), dns, (ulong)revision);
        // Policy is compiled from the same pods (runtime addresses and nodes) as the services.
        var policy = inputs.Policies is { } policies
            ? PolicyModels.Compile(new PolicyDatapathInput { Policies = policies with { Pods = inputs.Pods }, ClusterAudit = inputs.PolicyMode == PolicyMode.Audit }, previous.Policy)
            : null;
        return new SnapshotResult(
            new ClusterSnapshot { Revision = revision, Services = compiled.Model, Dns = zone, Policy = policy, HostInterfaces = inputs.HostInterfaces, Pods = inputs.Pods },
            compiled.Diagnostics);
    }
}
