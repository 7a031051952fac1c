using Microsoft.Extensions.Logging;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Netlink;
using Weft.Flows;
using Weft.Flows.Enrichment;
using Weft.Flows.Store;

namespace Weft.Agent.Flows;

/// <summary>
/// One node's flow recorder: reads conntrack NEW/DESTROY events and NFLOG group <see cref="FlowCollectorOptions.NflogGroup"/>
/// inside the node's namespace on two dedicated threads, enriches them with the newest lookup snapshot and keeps
/// them in the node's <see cref="FlowStore"/>. Starting never takes the agent down: a reader that cannot be opened
/// is logged and the other one still runs.
/// </summary>
/// <remarks>
/// Conntrack only tracks in a namespace once a rule there needs it, so the collector installs a one-rule table
/// <c>inet weft-flows</c> (<c>ct state new counter</c>, accept policy, no verdicts) and turns on
/// <c>nf_conntrack_acct</c> (byte and packet counters on DESTROY) and <c>nf_conntrack_timestamp</c> (kernel start
/// and stop times) in the node namespace.
/// </remarks>
public sealed partial class FlowCollector : IAsyncDisposable
{
    public const string TableName = "weft-flows";

    private readonly FlowCollectorOptions options;
    private readonly string node;
    private readonly NetnsRef netnsRef;
    private readonly INetns netns;
    private readonly IProcessRunner runner;
    private readonly ILogger logger;
    private readonly FlowEnricher enricher;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Thread> threads = [];
    private readonly List<IDisposable> readers = [];
    private readonly Lock publishing = new();
    private IFlowLookup lookup = FlowLookupSnapshot.Empty;
    private ClusterSnapshot snapshot = ClusterSnapshot.Empty;
    private IReadOnlyDictionary<uint, PolicyRuleRef> rules = new Dictionary<uint, PolicyRuleRef>();

    public FlowCollector(string node, NetnsRef netnsRef, FlowCollectorOptions options, INetns netns, IProcessRunner runner, TimeProvider time, ILogger logger)
    {
        this.node = node;
        this.netnsRef = netnsRef;
        this.options = options;
        this.netns = netns;
        this.runner = runner;
        this.logger = logger;
        enricher = new FlowEnricher(node, time);
        Store = new FlowStore(node, options.Capacity);
    }

    public FlowStore Store { get; }

    /// <summary>Swaps in the lookup for a newer snapshot (one reference write; enrichment never waits).</summary>
    public void Publish(ClusterSnapshot snapshot)
    {
        lock (publishing)
        {
            this.snapshot = snapshot;
            Volatile.Write(ref lookup, FlowLookups.Build(snapshot, rules));
        }
    }

    /// <summary>
    /// Swaps in the NFLOG rule ids the node's policy datapath programmed (id → deciding rule), so drops and audits
    /// name their rule. The policy datapath calls it after each sync with its plan's rules.
    /// </summary>
    public void PublishRules(IReadOnlyDictionary<uint, PolicyRuleRef> ruleIds)
    {
        lock (publishing)
        {
            rules = ruleIds;
            Volatile.Write(ref lookup, FlowLookups.Build(snapshot, rules));
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnableConntrackAsync(cancellationToken);
        StartReader("conntrack", () => ConntrackEventReader.Open(netnsRef.Path), (IDisposable r, CancellationToken ct) =>
            ((ConntrackEventReader)r).Run(OnConnection, ct));
        StartReader("nflog", () => NflogReader.Open(netnsRef.Path, options.NflogGroup), (IDisposable r, CancellationToken ct) =>
            ((NflogReader)r).Run(OnPacket, ct));
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        foreach (var thread in threads)
        {
            thread.Join(TimeSpan.FromSeconds(2));
        }

        foreach (var reader in readers)
        {
            reader.Dispose();
        }

        stopping.Dispose();
    }

    /// <summary>Records a conntrack event (public for tests that feed events without a kernel).</summary>
    public void OnConnection(ConntrackEvent kernelEvent)
    {
        if (KernelEventMapping.ToConnectionEvent(kernelEvent) is { } connection)
        {
            Record(enricher.Enrich(connection, Volatile.Read(ref lookup)));
        }
    }

    public void OnPacket(NflogPacket packet)
    {
        if (enricher.Enrich(KernelEventMapping.ToPacketLogEvent(packet), Volatile.Read(ref lookup)) is { } flow)
        {
            Record(flow);
        }
    }

    private void Record(FlowRecord flow)
    {
        if (options.PodFlowsOnly && !flow.Source.IsPod && !flow.Destination.IsPod)
        {
            return;
        }

        Store.Add(flow);
    }

    private void StartReader(string name, Func<IDisposable> open, Action<IDisposable, CancellationToken> run)
    {
        IDisposable reader;
        try
        {
            reader = open();
        }
        catch (KernelOperationException e)
        {
            ReaderFailed(logger, node, name, e);
            return;
        }

        readers.Add(reader);
        var token = stopping.Token;
        var thread = new Thread(() =>
        {
            try
            {
                run(reader, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            catch (KernelOperationException e)
            {
                ReaderFailed(logger, node, name, e);
            }
        })
        { IsBackground = true, Name = $"weft-flows-{name}-{node}" };
        threads.Add(thread);
        thread.Start();
    }

    private async Task EnableConntrackAsync(CancellationToken cancellationToken)
    {
        var ruleset = $$"""
            table inet {{TableName}} {}
            flush table inet {{TableName}}
            table inet {{TableName}} {
              chain track {
                type filter hook prerouting priority 0; policy accept;
                ct state new counter
              }
            }

            """;
        var result = await runner.RunAsync(new ProcessRequest
        {
            FileName = "nsenter",
            Arguments = [$"--net={netnsRef.Path}", "nft", "-f", "-"],
            StandardInput = ruleset,
        }, cancellationToken);
        if (!result.Succeeded)
        {
            SetupFailed(logger, node, $"nft -f exited {result.ExitCode}: {result.StandardError.Trim()}");
        }

        try
        {
            await netns.RunInAsync(netnsRef, () =>
            {
                // /proc/sys/net is resolved in the namespace of the thread that opens it.
                File.WriteAllText("/proc/sys/net/netfilter/nf_conntrack_acct", "1");
                File.WriteAllText("/proc/sys/net/netfilter/nf_conntrack_timestamp", "1");
                return true;
            }, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KernelOperationException)
        {
            SetupFailed(logger, node, $"conntrack sysctls: {e.Message}");
        }
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Error, Message = "node {Node}: the {Reader} flow reader failed; flows of that kind are not recorded")]
    private static partial void ReaderFailed(ILogger logger, string node, string reader, Exception exception);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "node {Node}: flow setup incomplete: {Problem}")]
    private static partial void SetupFailed(ILogger logger, string node, string problem);
}
