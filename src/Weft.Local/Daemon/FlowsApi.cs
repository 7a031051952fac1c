using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Weft.Flows.Store;

namespace Weft.Local.Daemon;

/// <summary>
/// <c>GET /v1/flows?from=&amp;to=&amp;ns=&amp;verdict=&amp;port=&amp;protocol=&amp;since=&amp;last=&amp;follow=</c>: the matching flows of
/// every node's store as newline-delimited JSON (<see cref="FlowWire"/>), oldest first; with <c>follow=true</c> the
/// response stays open and each new flow is written and flushed as it is recorded, until the client goes away or
/// the daemon stops.
/// </summary>
public static class FlowsApi
{
    public static void Map(WebApplication app, IReadOnlyList<FlowStore> stores)
    {
        var client = new FlowStoreQueryClient(stores);
        var stopping = app.Lifetime.ApplicationStopping;
        app.MapGet("/" + FlowWire.Path, async (HttpContext context) =>
        {
            var query = FlowWire.FromQuery(name => context.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null, out var error);
            if (query is null)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync(error + "\n", context.RequestAborted);
                return;
            }

            context.Response.ContentType = "application/x-ndjson";
            using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            try
            {
                await foreach (var item in client.ObserveAsync(query, done.Token))
                {
                    await context.Response.WriteAsync(FlowWire.Line(item) + "\n", done.Token);
                    if (query.Follow)
                    {
                        await context.Response.Body.FlushAsync(done.Token);
                    }
                }
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
                // The client stopped following, or the daemon is shutting down.
            }
        });
    }
}
