using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Weft.Api.Manifests;
using Weft.Api.Resources;
using Weft.Api.Workloads;
using Weft.Datapath.Linux.Abstractions;
using Weft.Local.Cluster;
using Weft.Local.Daemon;
using Weft.Local.Scheduling;
using Weft.Local.State;

namespace Weft.Local.Runtime;

/// <summary>
/// The local runtime's kubelet-and-scheduler: holds the desired state, places pods on nodes, and makes the pods
/// real (namespace + CNI + processes). Every public operation runs under one gate, so reconciles never interleave.
/// </summary>
public sealed partial class ClusterRuntime(
    ClusterLayout layout,
    StatePaths paths,
    INetns netns,
    IProcessRunner runner,
    PodNetworkSetup network,
    IPodContainerStarter containers,
    TimeProvider time) : IDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<string, PodInstance> pods = new(StringComparer.Ordinal);

    // Guards writes to `pods` (made under `gate`) against readers that do not hold the gate: the services
    // control plane compiles snapshots while a reconcile is still stopping pods.
    private readonly Lock podsLock = new();
    private DesiredState desired = DesiredState.Empty;

    private string LogFile => Path.Combine(paths.Directory, "desired.json");

    /// <summary>
    /// Starts from whatever a previous daemon left: every pod namespace of this cluster is torn down (its
    /// processes stopped by PID, found with <c>ip netns pids</c>) and the desired state is replayed from disk.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var name in netns.List(layout.Prefix + "pod-"))
            {
                await StopProcessesInAsync(name, cancellationToken);
                await netns.DeleteAsync(name, cancellationToken);
                DeleteEtc(name);
            }

            // All pods are recreated, so no address is held: start IPAM from empty rather than trusting its files.
            if (Directory.Exists(paths.IpamDirectory))
            {
                Directory.Delete(paths.IpamDirectory, recursive: true);
            }

            desired = DesiredState.Replay(JsonFile.Read<List<DesiredChange>>(LogFile) ?? []);
            LoadSettings();
            LoadAllocations();
            CheckServices(desired);
            await ReconcileAsync([], cancellationToken);
            OnChanged();
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<ApplyResponse> ChangeAsync(DesiredChange change, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var (next, diagnostics) = desired.With(change);
            var warnings = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
            if (next is null)
            {
                var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
                return new ApplyResponse(false, errors, warnings, []);
            }

            // Services are compiled before the change is accepted: a clusterIP conflict rejects the change whole.
            var serviceDiagnostics = CheckServices(next);
            warnings.AddRange(serviceDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.ToString()));
            if (serviceDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                var errors = serviceDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
                return new ApplyResponse(false, errors, warnings, []);
            }

            var changes = new List<string>();
            DescribeObjectChanges(desired, next, changes);
            desired = next;
            JsonFile.Write(LogFile, desired.Log);
            await ReconcileAsync(changes, cancellationToken);
            OnChanged();
            return new ApplyResponse(true, [], warnings, changes);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Retries pods left Pending (for example when the node's pod range was full).</summary>
    public async Task RetryPendingAsync(CancellationToken cancellationToken)
    {
        if (!pods.Values.Any(p => p.PendingReason is not null))
        {
            return;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            await ReconcileAsync([], cancellationToken);
            OnChanged();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Stops every pod and removes its network; the cluster's nodes stay.</summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(pods.Values.ToList(), Parallelism(cancellationToken), async (pod, ct) => await RemoveAsync(pod, ct));
            lock (podsLock)
            {
                pods.Clear();
            }

            OnChanged();
        }
        finally
        {
            gate.Release();
        }
    }

    public ClusterView View(DateTimeOffset createdAt)
    {
        List<PodInstance> snapshot;
        lock (podsLock)
        {
            snapshot = [.. pods.Values];
        }

        var nodes = layout.Nodes.Select(n => new NodeView(
            n.Name, n.Netns, n.UnderlayAddress.ToString(), n.PodCidr.ToString(),
            snapshot.Count(p => p.Sandbox?.Node == n.Name), "Ready")).ToList();
        return new ClusterView(layout.Spec.Name, layout.Spec.Routing.ToString().ToLowerInvariant(), createdAt, nodes,
            snapshot.Select(ToView).OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList())
        {
            PolicyMode = Datapath.Policy.PolicyModeText.Format(Settings.PolicyMode),
        };
    }

    private async Task ReconcileAsync(List<string> changes, CancellationToken cancellationToken)
    {
        var desiredPods = DesiredPods(desired.Objects.Values).ToDictionary(p => p.Key, StringComparer.Ordinal);

        // Remove pods that are no longer wanted, or whose spec changed (pods are immutable: recreate them).
        var doomed = pods.Values
            .Where(p => !desiredPods.TryGetValue(p.Pod.Key, out var want) || Fingerprint(want) != p.Fingerprint)
            .ToList();
        if (doomed.Count > 0)
        {
            // Endpoints turn terminating first, so the datapath stops choosing them while they shut down.
            foreach (var pod in doomed)
            {
                pod.Terminating = true;
            }

            OnChanged();
        }

        await Parallel.ForEachAsync(doomed, Parallelism(cancellationToken), async (pod, ct) => await RemoveAsync(pod, ct));
        lock (podsLock)
        {
            foreach (var pod in doomed)
            {
                pods.Remove(pod.Pod.Key);
                changes.Add($"pod/{pod.Pod.Key} deleted");
            }
        }

        // Labels and annotations change in place, as on a real cluster.
        foreach (var pod in pods.Values)
        {
            pod.Pod = desiredPods[pod.Pod.Key];
        }

        var placedNodes = pods.Values.Where(p => p.Sandbox is not null)
            .ToDictionary(p => p.Pod.Key, p => p.Sandbox!.Node, StringComparer.Ordinal);
        var placements = Scheduler.Place(desiredPods.Values, layout.Nodes.Select(n => n.Name).ToList(), placedNodes);
        var toStart = new List<(PodInstance Instance, PodPlacement Placement)>();
        foreach (var placement in placements)
        {
            if (pods.TryGetValue(placement.Pod.Key, out var existing) && existing.Sandbox is not null)
            {
                continue;
            }

            if (existing is null)
            {
                existing = new PodInstance(placement.Pod, Fingerprint(placement.Pod), time.GetUtcNow());
                lock (podsLock)
                {
                    pods[placement.Pod.Key] = existing;
                }

                changes.Add($"pod/{placement.Pod.Key} created");
            }

            toStart.Add((existing, placement));
        }

        await Parallel.ForEachAsync(toStart, Parallelism(cancellationToken), async (item, ct) => await StartAsync(item.Instance, item.Placement, ct));
    }

    private async Task StartAsync(PodInstance instance, PodPlacement placement, CancellationToken cancellationToken)
    {
        if (placement.Node is null)
        {
            instance.PendingReason = "Unschedulable";
            instance.PendingMessage = placement.PendingReason;
            return;
        }

        var node = layout.FindNode(placement.Node)!;
        var pod = instance.Pod;
        var sandbox = new PodSandbox(pod.Namespace, pod.Name, node.Name, node.Netns, layout.PodNetns(pod.Namespace, pod.Name), NewContainerId());
        var result = await network.SetUpAsync(sandbox, cancellationToken);
        if (!result.Succeeded)
        {
            // Leave nothing half made: the next retry starts from a clean namespace and a released address.
            await network.TearDownAsync(sandbox, cancellationToken);
            instance.PendingReason = result.FailureReason;
            instance.PendingMessage = result.FailureMessage;
            return;
        }

        instance.PendingReason = null;
        instance.PendingMessage = null;
        instance.Sandbox = sandbox;
        instance.Addresses = result.Addresses;
        var logs = paths.PodDirectory(pod.Namespace, pod.Name);
        Directory.CreateDirectory(logs);
        instance.Containers = containers.Start(new PodLaunch(pod, sandbox, result.Addresses, logs, OnChanged));
    }

    private async Task RemoveAsync(PodInstance pod, CancellationToken cancellationToken)
    {
        if (pod.Containers is { } running)
        {
            await running.StopAsync(StopGrace, cancellationToken);
        }

        if (pod.Sandbox is { } sandbox)
        {
            await StopProcessesInAsync(sandbox.Netns, cancellationToken);
            await network.TearDownAsync(sandbox, cancellationToken);
        }
    }

    public void Dispose() => gate.Dispose();

    private static ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount * 2), CancellationToken = cancellationToken };

    /// <summary>All pods: the plain ones as given, plus every Deployment's replicas.</summary>
    private static IEnumerable<Pod> DesiredPods(IEnumerable<Resource> resources) =>
        resources.SelectMany(r => r switch
        {
            Pod pod => [pod],
            Deployment deployment => DeploymentExpander.Expand(deployment),
            _ => ImmutableArray<Pod>.Empty,
        });

    private static string NewContainerId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static string Fingerprint(Pod pod) => JsonSerializer.Serialize(pod.Spec);

    private static void DeleteEtc(string netnsName)
    {
        var etc = PodNetworkSetup.EtcDirectory(netnsName);
        if (Directory.Exists(etc))
        {
            Directory.Delete(etc, recursive: true);
        }
    }
}
