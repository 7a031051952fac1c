using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Weft.Mesh.Tests.Support;

/// <summary>
/// The application behind the proxy: a Kestrel server on loopback with an HTTP/1.1 port and an h2c port.
/// GET / answers "hello" and reports what it saw in x-seen-* headers; /echo returns the request body; /bytes?n=N N bytes with Content-Length; /wait waits for the request's abort; /grpc
/// answers like a unary gRPC call with a grpc-status trailer.
/// </summary>
internal sealed class TestUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private ListenOptions? _http1;
    private ListenOptions? _http2;
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;

    private TestUpstream(string name)
    {
        Name = name;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0, l => { l.Protocols = HttpProtocols.Http1; _http1 = l; });
            o.Listen(IPAddress.Loopback, 0, l => { l.Protocols = HttpProtocols.Http2; _http2 = l; });
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public string Name { get; }

    public IPEndPoint Http1 => _http1!.IPEndPoint!;

    public IPEndPoint Http2 => _http2!.IPEndPoint!;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A request to /wait arrived (it is answered only by its cancellation).</summary>
    public Task Waiting => _waiting.Task;

    /// <summary>A request to /wait was aborted by the client side (for HTTP/2: its stream was reset).</summary>
    public Task Aborted => _aborted.Task;

    private int _disposed;

    public static async Task<TestUpstream> StartAsync(string name = "upstream")
    {
        var upstream = new TestUpstream(name);
        await upstream._app.StartAsync();
        return upstream;
    }

    /// <summary>Stops the application (a test may stop it early to take the endpoint down; disposing again is harmless).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var r = context.Request;
        context.Response.Headers["x-seen-protocol"] = r.Protocol;
        context.Response.Headers["x-seen-host"] = r.Host.Value;
        context.Response.Headers["x-seen-upstream"] = Name;
        context.Response.Headers["x-seen-client-id"] = r.Headers["x-weft-client-id"].ToString();
        context.Response.Headers["x-seen-traceparent"] = r.Headers["traceparent"].ToString();
        context.Response.Headers["x-seen-headers"] = string.Join(",", r.Headers.Keys.Select(k => k.ToLowerInvariant()).Order());
        switch (r.Path.Value)
        {
            case "/echo":
                using (var reader = new StreamReader(r.Body, Encoding.UTF8))
                {
                    var body = await reader.ReadToEndAsync();
                    await context.Response.WriteAsync(body);
                }

                break;
            case "/grpc":
                context.Response.ContentType = "application/grpc";
                context.Response.AppendTrailer("grpc-status", r.Headers["x-want-grpc-status"].ToString() is { Length: > 0 } s ? s : "0");
                context.Response.AppendTrailer("grpc-message", "done");
                await context.Response.Body.WriteAsync(new byte[] { 0, 0, 0, 0, 2, 8, 1 });
                break;
            case "/wait":
                _waiting.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    _aborted.TrySetResult();
                }

                break;
            case "/bytes":
                // A body of known length (Content-Length), n bytes of a repeating pattern.
                var n = int.Parse(r.Query["n"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                context.Response.ContentLength = n;
                await context.Response.Body.WriteAsync(Enumerable.Range(0, n).Select(i => (byte)('a' + (i % 26))).ToArray());
                break;
            case "/status":
                context.Response.StatusCode = int.Parse(r.Query["code"].ToString());
                break;
            default:
                await context.Response.WriteAsync("hello");
                break;
        }
    }
}
