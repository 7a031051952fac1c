using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weft.Agent.Datapaths;
using Weft.Agent.Dns;
using Weft.Agent.Flows;
using Weft.Datapath.Linux.Abstractions;
using Weft.Dns.Server;
using Weft.Dns.Zone;

namespace Weft.Agent;

/// <summary>
/// One node's agent: serves cluster DNS to the node's pods from inside the node's namespace and keeps the node's
/// datapaths (services; policy later) equal to the newest <see cref="ClusterSnapshot"/>. Publishing never blocks:
/// the DNS zone is swapped at once, and datapath work goes through a one-slot channel that keeps only the newest
/// snapshot, so a burst of changes costs one sync. A failed sync is retried with back-off (the datapath makes its
/// retry a full resync), and a newer snapshot cuts the wait short.
/// </summary>
public sealed class NodeAgent : IAsyncDisposable
{
    private readonly NodeAgentOptions options;
    private readonly IReadOnlyList<INodeDatapath> datapaths;
    private readonly INetns netns;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggers;
    private readonly ILogger logger;
    private readonly ClusterDnsZoneSource zones = new(ClusterSnapshot.Empty.Dns);
    private readonly Channel<ClusterSnapshot> pending = Channel.CreateBounded<ClusterSnapshot>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly CancellationTokenSource stopping = new();
    private readonly Lock waitersLock = new();
    private readonly List<(long Revision, TaskCompletionSource Done)> waiters = [];
    private DnsServer? dns;
    private Task? loop;
    private long appliedRevision = -1;

    public NodeAgent(NodeAgentOptions options, IReadOnlyList<INodeDatapath> datapaths, INetns netns, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        this.options = options;
        this.datapaths = datapaths;
        this.netns = netns;
        this.time = time ?? TimeProvider.System;
        this.loggers = loggers ?? NullLoggerFactory.Instance;
        logger = this.loggers.CreateLogger<NodeAgent>();
    }

    public string NodeName => options.NodeName;

    /// <summary>The node's flow recorder, started and fed snapshots with the agent; null records no flows.</summary>
    public FlowCollector? Flows { get; init; }

    /// <summary>The revision of the newest snapshot every datapath holds; -1 before the first sync.</summary>
    public long AppliedRevision => Interlocked.Read(ref appliedRevision);

    /// <summary>Where cluster DNS listens (with the real port when 0 was asked for); null when it does not.</summary>
    public System.Net.IPEndPoint? DnsEndPoint => dns?.UdpEndPoint;

    /// <summary>
    /// Starts the sync loop and, when configured, the DNS server. A DNS address that cannot be bound is logged and
    /// the agent runs without DNS rather than taking the datapath down with it.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (loop is not null)
        {
            throw new InvalidOperationException("the node agent is already started");
        }

        if (options.DnsEndpoint is { } endpoint)
        {
            try
            {
                var (udp, tcp) = await netns.RunInAsync(options.Netns, () => DnsSockets.Bind(endpoint), cancellationToken);
                var server = new DnsServer(
                    new DnsServerOptions { Endpoint = endpoint, UdpWorkers = options.DnsUdpWorkers },
                    zones,
                    timeProvider: time,
                    logger: loggers.CreateLogger<DnsServer>());
                server.Start(udp, tcp);
                dns = server;
                NodeAgentLog.DnsListening(logger, options.NodeName, endpoint, options.Netns);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or KernelOperationException)
            {
                NodeAgentLog.DnsFailed(logger, options.NodeName, endpoint, e);
            }
        }

        if (Flows is not null)
        {
            await Flows.StartAsync(cancellationToken);
        }

        loop = Task.Run(() => RunAsync(stopping.Token), CancellationToken.None);
    }

    /// <summary>Hands the agent a newer snapshot: DNS answers from it at once; datapaths follow asynchronously.</summary>
    public void Publish(ClusterSnapshot snapshot)
    {
        zones.Publish(snapshot.Dns);
        Flows?.Publish(snapshot);
        pending.Writer.TryWrite(snapshot);
    }

    /// <summary>Completes when every datapath holds <paramref name="revision"/> or a newer one.</summary>
    public Task WhenSyncedAsync(long revision, CancellationToken cancellationToken)
    {
        lock (waitersLock)
        {
            if (AppliedRevision >= revision)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((revision, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (loop is not null)
        {
            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (dns is not null)
        {
            await dns.DisposeAsync();
        }

        if (Flows is not null)
        {
            await Flows.DisposeAsync();
        }

        stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        ClusterSnapshot? current = null;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (failures == 0 || current is null)
            {
                current = await NextAsync(current, cancellationToken);
            }
            else if (pending.Reader.TryRead(out var newer))
            {
                current = newer;
            }

            if (await SyncAllAsync(current, failures + 1, cancellationToken))
            {
                failures = 0;
                Applied(current.Revision);
                continue;
            }

            failures++;
            await WaitBeforeRetryAsync(failures, cancellationToken);
        }
    }

    /// <summary>
    /// Waits for a newer snapshot; while idle, checks the kernel state every <see cref="NodeAgentOptions.CheckInterval"/>
    /// and returns the current snapshot again when a datapath lost its state, so it is synced back.
    /// </summary>
    private async Task<ClusterSnapshot> NextAsync(ClusterSnapshot? current, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (current is null || options.CheckInterval <= TimeSpan.Zero)
            {
                return await pending.Reader.ReadAsync(cancellationToken);
            }

            using (var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var newer = pending.Reader.WaitToReadAsync(wake.Token).AsTask();
                var tick = Task.Delay(options.CheckInterval, time, wake.Token);
                await Task.WhenAny(newer, tick);
                await wake.CancelAsync();
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (pending.Reader.TryRead(out var snapshot))
            {
                return snapshot;
            }

            var intact = true;
            foreach (var datapath in datapaths)
            {
                intact &= await datapath.CheckAsync(cancellationToken);
            }

            if (!intact)
            {
                NodeAgentLog.StateLost(logger, options.NodeName, current.Revision);
                return current;
            }
        }
    }

    private async Task<bool> SyncAllAsync(ClusterSnapshot snapshot, int attempt, CancellationToken cancellationToken)
    {
        var success = true;
        foreach (var datapath in datapaths)
        {
            var result = await datapath.SyncAsync(snapshot, cancellationToken);
            if (!result.Success)
            {
                NodeAgentLog.SyncFailed(logger, options.NodeName, datapath.Name, snapshot.Revision, attempt, result.Error);
                success = false;
            }
        }

        // Drops and audits are logged with rule ids; give the flow collector the table that names them.
        if (Flows is not null && datapaths.OfType<PolicyDatapath>().FirstOrDefault()?.AppliedPlan is { } plan)
        {
            Flows.PublishRules(PolicyRuleMapping.Map(plan.Rules));
        }

        return success;
    }

    private async Task WaitBeforeRetryAsync(int failures, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromTicks(Math.Min(options.MaxRetryDelay.Ticks, options.RetryDelay.Ticks << Math.Min(failures - 1, 16)));
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delayed = Task.Delay(delay, time, wake.Token);
        var newer = pending.Reader.WaitToReadAsync(wake.Token).AsTask();
        await Task.WhenAny(delayed, newer);
        await wake.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Applied(long revision)
    {
        NodeAgentLog.Synced(logger, options.NodeName, revision);
        List<TaskCompletionSource> done;
        lock (waitersLock)
        {
            Interlocked.Exchange(ref appliedRevision, revision);
            done = [.. waiters.Where(w => w.Revision <= revision).Select(w => w.Done)];
            waiters.RemoveAll(w => w.Revision <= revision);
        }

        foreach (var completion in done)
        {
            completion.TrySetResult();
        }
    }
}
