using System.Collections.Immutable;
using Weft.Agent;
using Weft.Agent.ControlPlane;
using Weft.Api.Manifests;
using Weft.Api.Resources;
using Weft.Dns.Zone;
using Weft.Local.Cluster;
using Weft.Local.State;
using Weft.Local.Topology;
using Weft.Services;

namespace Weft.Local.Runtime;

/// <summary>
/// The runtime's side of the local control plane: it compiles the cluster snapshot (services, EndpointSlices,
/// DNS zone) from the desired objects and its own pods, keeping the previous snapshot so that allocations stay
/// put, and tells listeners (<see cref="Changed"/>) whenever a reconcile or a pod's readiness may have changed it.
/// </summary>
public sealed partial class ClusterRuntime
{
    private readonly Lock snapshotLock = new();
    private readonly Dictionary<string, DateTimeOffset> serviceCreated = new(StringComparer.Ordinal);
    private ClusterSnapshot snapshot = ClusterSnapshot.Empty;
    private string? savedAllocations;

    private string AllocationsFile => Path.Combine(paths.Directory, "services.json");

    /// <summary>Raised after every reconcile and every container status or readiness change; handlers must not block.</summary>
    public event Action? Changed;

    public ClusterLayout Layout => layout;

    /// <summary>The newest compiled snapshot.</summary>
    public ClusterSnapshot Snapshot
    {
        get
        {
            lock (snapshotLock)
            {
                return snapshot;
            }
        }
    }

    public ClusterDnsOptions DnsOptions => new() { NameServerAddresses = [TopologyPlanner.ClusterDnsAddress(layout)] };

    private ServiceCompilerOptions ServiceOptions => ServiceCompilerOptions.ForCidr(layout.Spec.ServiceCidr);

    /// <summary>When each service (<c>namespace/name</c>) was first compiled by this daemon.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> ServiceCreationTimes()
    {
        lock (snapshotLock)
        {
            return new Dictionary<string, DateTimeOffset>(serviceCreated, StringComparer.Ordinal);
        }
    }

    /// <summary>Compiles a snapshot from the current desired state and pods; the result becomes the newest snapshot.</summary>
    public SnapshotResult CompileSnapshot() => Compile(Volatile.Read(ref desired));

    /// <summary>Compiles <paramref name="state"/>'s services; on success their allocations are kept.</summary>
    private ImmutableArray<Diagnostic> CheckServices(DesiredState state) => Compile(state).Diagnostics;

    private SnapshotResult Compile(DesiredState state)
    {
        var inputs = Inputs(state);
        lock (snapshotLock)
        {
            var result = SnapshotCompiler.Compile(snapshot, inputs, ServiceOptions, DnsOptions);
            if (!result.HasErrors)
            {
                snapshot = result.Snapshot;
                var now = time.GetUtcNow();
                foreach (var key in snapshot.Services.Services.Keys)
                {
                    serviceCreated.TryAdd(key, now);
                }

                foreach (var gone in serviceCreated.Keys.Where(k => !snapshot.Services.Services.ContainsKey(k)).ToList())
                {
                    serviceCreated.Remove(gone);
                }

                SaveAllocations();
            }

            return result;
        }
    }

    /// <summary>Starts from the allocations a previous daemon saved, so services keep their addresses and ports.</summary>
    private void LoadAllocations()
    {
        var saved = JsonFile.Read<List<ServiceAllocation>>(AllocationsFile);
        if (saved is not null)
        {
            lock (snapshotLock)
            {
                snapshot = snapshot with { Services = ServiceAllocation.ToModel(saved) };
            }
        }
    }

    private void SaveAllocations()
    {
        var allocations = ServiceAllocation.From(snapshot.Services);
        var text = System.Text.Json.JsonSerializer.Serialize(allocations);
        if (text != savedAllocations)
        {
            JsonFile.Write(AllocationsFile, allocations);
            savedAllocations = text;
        }
    }

    private SnapshotInputs Inputs(DesiredState state)
    {
        List<PodInstance> instances;
        lock (podsLock)
        {
            instances = [.. pods.Values];
        }

        var podRecords = ImmutableArray.CreateBuilder<Pod>();
        var statuses = ImmutableDictionary.CreateBuilder<string, PodStatus>(StringComparer.Ordinal);
        var hostInterfaces = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            if (instance.Sandbox is not { } sandbox || instance.Addresses.IsDefaultOrEmpty)
            {
                continue;
            }

            var pod = instance.Pod with { Spec = instance.Pod.Spec with { NodeName = sandbox.Node }, PodIPs = instance.Addresses };
            podRecords.Add(pod);
            statuses[pod.Key] = new PodStatus(ToView(instance).Ready, instance.Terminating);
            hostInterfaces[pod.Key] = Weft.Cni.Plugin.HostInterfaceName.For(Weft.Cni.Plugin.WeftConfig.DefaultHostPrefix, sandbox.ContainerId, PodNetworkSetup.PodInterface);
        }

        var objects = state.Objects.Values;
        return new SnapshotInputs
        {
            Services = [.. objects.OfType<Service>()],
            EndpointSlices = [.. objects.OfType<EndpointSlice>()],
            Namespaces = [.. objects.OfType<Namespace>().Select(n => n.Name)],
            Pods = podRecords.ToImmutable(),
            PodStatuses = statuses.ToImmutable(),
            Policies = new Weft.Policy.Inputs.PolicyInput
            {
                Namespaces = [.. objects.OfType<Namespace>()],
                NetworkPolicies = [.. objects.OfType<NetworkPolicy>()],
                AdminNetworkPolicies = [.. objects.OfType<AdminNetworkPolicy>()],
                BaselineAdminNetworkPolicy = objects.OfType<BaselineAdminNetworkPolicy>().FirstOrDefault(),
            },
            HostInterfaces = hostInterfaces.ToImmutable(),
            PolicyMode = Settings.PolicyMode,
        };
    }

    private void OnChanged() => Changed?.Invoke();
}
