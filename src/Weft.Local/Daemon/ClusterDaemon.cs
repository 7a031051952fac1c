using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Weft.Local.Runtime;
using Weft.Local.State;

namespace Weft.Local.Daemon;

/// <summary>
/// The per-cluster daemon of the local mode: hosts the runtime (and, as they land, the control plane and the
/// node agents) and serves the CLI over HTTP on a Unix socket in the cluster's state directory.
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

        app.MapGet("/v1/cluster", () => Results.Ok(runtime.View(record.CreatedAt)));
        app.MapPost("/v1/changes", async (ApplyRequest request, CancellationToken ct) =>
        {
            var response = await runtime.ChangeAsync(new DesiredChange(request.Operation, request.Documents), ct);
            return response.Accepted ? Results.Ok(response) : Results.UnprocessableEntity(response);
        });
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
        File.Delete(paths.Socket);
        File.Delete(paths.DaemonPidFile);
        return 0;
    }
}
