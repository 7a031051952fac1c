using Weft.Local.Apps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Weft.Agent;
using Weft.Agent.Datapaths;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Netns;
using Weft.Datapath.Linux.Nftables;
using Weft.Datapath.Linux.Processes;
using Weft.Local.Topology;
using Weft.Local.Runtime;
using Weft.Local.State;

namespace Weft.Local.Daemon;

/// <summary>
/// The per-cluster daemon of the local mode: hosts the runtime, the control plane (services, EndpointSlices,
/// DNS zone: <see cref="SnapshotPublisher"/>) and one node agent per node, and serves the CLI over HTTP on a Unix
/// socket in the cluster's state directory.
/// </summary>
public static class ClusterDaemon
{
    public static async Task<int> RunAsync(StatePaths paths, ClusterRuntime runtime, ClusterRecord record, CancellationToken cancellationToken)
    {
        File.Delete(paths.Socket);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(paths.Socket));
        await using var app = builder.Build();
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var layout = runtime.Layout;
        var dnsAddress = TopologyPlanner.ClusterDnsAddress(layout);
        var netns = new LinuxNetns(SystemProcessRunner.Instance);
        var agents = layout.Nodes.Select(node => new NodeAgent(
            new NodeAgentOptions { NodeName = node.Name, Netns = NetnsRef.Named(node.Netns), DnsEndpoint = new System.Net.IPEndPoint(dnsAddress, 53) },
            [new ServiceDatapath(node.Name, new NetnsNftables(node.Netns), new NetnsConntrack(node.Netns), dnsAddress), new PolicyDatapath(node.Name, new NetnsNftables(node.Netns))],
            netns,
            TimeProvider.System,
            loggers)
        {
            Flows = new Weft.Agent.Flows.FlowCollector(node.Name, NetnsRef.Named(node.Netns), new Weft.Agent.Flows.FlowCollectorOptions(), netns, SystemProcessRunner.Instance, TimeProvider.System, loggers.CreateLogger<Weft.Agent.Flows.FlowCollector>()),
        }).ToList();
        using var mesh = Mesh.MeshControlPlane.Create(paths, runtime, WeftCommandLine.Current(), TimeProvider.System);
        if (runtime.Containers is PodContainerStarter starter) starter.Mesh = mesh.Injection;
        mesh.Map(app, runtime, paths);
        var publisher = new SnapshotPublisher(runtime, agents, TimeProvider.System, loggers.CreateLogger<SnapshotPublisher>());
        runtime.Changed += publisher.Trigger;
        publisher.Published += snapshot => mesh.Refresh(runtime, snapshot);

        app.MapGet("/v1/cluster", () => Results.Ok(runtime.View(record.CreatedAt)));
        app.MapGet("/v1/list/{kind}", (string kind, string? ns, bool? all, string? output) =>
            kind is ServiceListing.Services or ServiceListing.EndpointSlices
                ? Results.Text(ServiceListing.Render(kind, runtime.Snapshot, runtime.ServiceCreationTimes(), ns ?? "default", all ?? false, output ?? "table", DateTimeOffset.UtcNow))
                : Results.NotFound());
        app.MapGet("/v1/synced", () => Results.Ok(new SyncView(runtime.Snapshot.Revision, agents.ToDictionary(a => a.NodeName, a => a.AppliedRevision, StringComparer.Ordinal))));
        app.MapPost("/v1/changes", async (ApplyRequest request, CancellationToken ct) =>
        {
            var response = await runtime.ChangeAsync(new DesiredChange(request.Operation, request.Documents), ct);
            return response.Accepted ? Results.Ok(response) : Results.UnprocessableEntity(response);
        });
        FlowsApi.Map(app, [.. agents.Select(a => a.Flows!.Store)]);
        SettingsApi.Map(app, runtime, publisher, agents);
        app.MapPost("/v1/shutdown", async (CancellationToken ct) =>
        {
            await runtime.ShutdownAsync(ct);
            _ = Task.Run(async () =>
            {
                await Task.Delay(100, CancellationToken.None);
                await app.StopAsync(CancellationToken.None);
            }, CancellationToken.None);
            return Results.Ok();
        });

        await File.WriteAllTextAsync(paths.DaemonPidFile, $"{Environment.ProcessId}\n", cancellationToken);
        foreach (var agent in agents)
        {
            await agent.StartAsync(cancellationToken);
        }

        var publishing = publisher.RunAsync(app.Lifetime.ApplicationStopping);
        await runtime.RecoverAsync(cancellationToken);
        await app.StartAsync(cancellationToken);

        using var retry = new PeriodicTimer(TimeSpan.FromSeconds(2));
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            while (await retry.WaitForNextTickAsync(stopping))
            {
                await runtime.RetryPendingAsync(stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        await app.WaitForShutdownAsync(CancellationToken.None);
        await publishing;
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }

        File.Delete(paths.Socket);
        File.Delete(paths.DaemonPidFile);
        return 0;
    }
}
