using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Weft.Agent;
using Weft.Datapath.Policy;
using Weft.Local.Runtime;

namespace Weft.Local.Daemon;

/// <summary>
/// The daemon API for the cluster's operating settings: <c>GET|PUT /v1/settings/policy-mode</c>. A change is
/// validated, persisted, compiled into a new snapshot and handed to every node agent; the answer waits (bounded)
/// until every node's datapath holds it, so <c>weft policy mode audit</c> returns once the kernel audits.
/// </summary>
internal static class SettingsApi
{
    private static readonly TimeSpan SyncLimit = TimeSpan.FromSeconds(30);

    public static void Map(WebApplication app, ClusterRuntime runtime, SnapshotPublisher publisher, IReadOnlyList<NodeAgent> agents)
    {
        app.MapGet("/v1/settings/policy-mode", () =>
            Results.Ok(new PolicyModeResponse(PolicyModeText.Format(runtime.Settings.PolicyMode), false, [], Unsynced(agents, runtime.Snapshot.Revision))));
        app.MapPut("/v1/settings/policy-mode", async (PolicyModeRequest request, CancellationToken ct) =>
        {
            var current = PolicyModeText.Format(runtime.Settings.PolicyMode);
            if (!PolicyModeText.TryParse(request.Mode, out var mode))
            {
                return Results.UnprocessableEntity(new PolicyModeResponse(current, false, [$"mode: '{request.Mode}' must be {PolicyModeText.Allowed}"], []));
            }

            var changed = await runtime.SetPolicyModeAsync(mode, ct);
            var revision = publisher.Publish();
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                limit.CancelAfter(SyncLimit);
                try
                {
                    await Task.WhenAll(agents.Select(a => a.WhenSyncedAsync(revision, limit.Token)));
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // Answer with the nodes still behind; they keep retrying on their own.
                }
            }

            return Results.Ok(new PolicyModeResponse(PolicyModeText.Format(mode), changed, [], Unsynced(agents, revision)));
        });
    }

    private static List<string> Unsynced(IReadOnlyList<NodeAgent> agents, long revision) =>
        [.. agents.Where(a => a.AppliedRevision < revision).Select(a => a.NodeName)];
}
