using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Weft.Mesh.Tests.Support;

/// <summary>A real OTLP/HTTP receiver on loopback: records every protobuf body POSTed to /v1/traces and decodes its spans.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<OtlpSpan> Spans => [.. _spans];

    public int Posts { get; private set; }

    /// <param name="endpoint">Where to listen; loopback with an ephemeral port by default.</param>
    /// <param name="createBoundSocket">
    /// Makes the listening socket (bound, not yet listening), e.g. inside a pod's network namespace for a cluster test
    /// (the receiver then serves the pods while running in the test process).
    /// </param>
    public static async Task<OtlpReceiver> StartAsync(IPEndPoint? endpoint = null, Func<EndPoint, System.Net.Sockets.Socket>? createBoundSocket = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(endpoint ?? new IPEndPoint(IPAddress.Loopback, 0)));
        if (createBoundSocket is not null) builder.WebHost.UseSockets(o => o.CreateBoundListenSocket = createBoundSocket);
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseUrl = new Uri(address);
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Method != "POST" || context.Request.Path != "/v1/traces" || context.Request.ContentType != "application/x-protobuf")
        {
            context.Response.StatusCode = 404;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        foreach (var span in OtlpSpan.Decode(body.ToArray())) _spans.Enqueue(span);
        Posts++;
        context.Response.ContentType = "application/x-protobuf";
    }
}
