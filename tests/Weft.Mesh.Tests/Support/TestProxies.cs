using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Weft.Mesh.Balancing;
using Weft.Mesh.Config;
using Weft.Mesh.Hosting;
using Weft.Mesh.Identity;
using Weft.Mesh.Metrics;
using Weft.Mesh.Watch;

namespace Weft.Mesh.Tests.Support;

/// <summary>Builds proxies on loopback with ephemeral ports.</summary>
internal static class TestProxies
{
    public const string Listener = "main";

    public static async Task<ProxyServer> StartAsync(
        IEnumerable<IPEndPoint> upstreams,
        ListenerSecurity security = ListenerSecurity.Plain,
        UpstreamSecurity upstreamSecurity = UpstreamSecurity.Plain,
        UpstreamProtocol protocol = UpstreamProtocol.Auto,
        WorkloadCertificate? certificate = null,
        X509Certificate2? trustRoot = null,
        ProxyLimits? limits = null,
        TimeProvider? time = null,
        Random? random = null,
        bool forwardClientId = false,
        LatestValue<EndpointSet>? endpoints = null,
        LatestValue<WorkloadCertificate>? certificates = null,
        SpiffeId? expectedServer = null,
        uint? socketMark = null)
    {
        time ??= TimeProvider.System;
        endpoints ??= new LatestValue<EndpointSet>(new EndpointSet([.. upstreams]));
        certificates ??= certificate is null ? null : new LatestValue<WorkloadCertificate>(certificate);
        var runtime = new ProxyRuntime
        {
            Time = time,
            Random = random ?? new Random(7),
            Endpoints = name => name == "up" ? endpoints : null,
            Certificates = certificates,
            PeerValidator = trustRoot is null ? null : new PeerCertificateValidator(new X509Certificate2Collection(trustRoot), time, "cluster.local"),
            SocketMark = socketMark,
        };
        var config = new ProxyConfig
        {
            Listeners =
            [
                new ListenerConfig
                {
                    Name = Listener,
                    Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
                    Direction = security == ListenerSecurity.MutualTls ? TrafficDirection.Inbound : TrafficDirection.Outbound,
                    Security = security,
                    ForwardClientIdentity = forwardClientId,
                    Upstream = new UpstreamConfig
                    {
                        Name = "up",
                        Security = upstreamSecurity,
                        Protocol = protocol,
                        ServerName = "server.weft",
                        ExpectedIdentity = expectedServer,
                    },
                },
            ],
            Admin = new IPEndPoint(IPAddress.Loopback, 0),
            Limits = limits ?? new ProxyLimits(),
        };
        var (server, errors) = ProxyServer.Create(config, runtime);
        errors.ShouldBeEmpty();
        await server!.StartAsync(CancellationToken.None);
        return server;
    }

    public static Uri Url(this ProxyServer proxy, string path = "/") =>
        new($"http://{proxy.ListenerEndpoint(Listener)}{path}");

    public static Uri AdminUrl(this ProxyServer proxy, string path) => new($"http://{proxy.AdminEndpoint}{path}");

    /// <summary>A gRPC-style HTTP/2 request: an empty length-prefixed message, te: trailers, and optionally the
    /// grpc-status the test upstream should answer with.</summary>
    public static HttpRequestMessage GrpcRequest(Uri url, string? wantGrpcStatus = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (wantGrpcStatus is not null) request.Headers.TryAddWithoutValidation("x-want-grpc-status", wantGrpcStatus);
        return request;
    }

    /// <summary>
    /// The proxy's metrics come to contain <paramref name="expected"/> (within 10 s). For what the proxy records on
    /// its own schedule, e.g. a server's failed handshake, which the client may see (as a 502) before it is counted.
    /// </summary>
    public static async Task MetricsShouldEventuallyContainAsync(this ProxyServer proxy, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!proxy.Metrics.ToPrometheusText().Contains(expected, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var text = proxy.Metrics.ToPrometheusText();
        var brace = expected.IndexOf('{', StringComparison.Ordinal);
        var name = brace > 0 ? expected[..brace] : expected;
        text.Contains(expected, StringComparison.Ordinal).ShouldBeTrue(
            $"expected {expected}; series of that name: {string.Join(" | ", text.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal)))}");
    }

    /// <summary>Writes <paramref name="request"/> (raw HTTP/1.1 bytes) to the proxy's listener and reads until the connection closes.</summary>
    public static Task<string> RawExchangeAsync(this ProxyServer proxy, string request) => RawExchangeAsync(proxy.ListenerEndpoint(Listener), request);

    /// <summary>
    /// Writes <paramref name="request"/> to <paramref name="endpoint"/> and reads until the connection closes; with
    /// <paramref name="resetEnds"/> a reset ends the read too (a server that refused a request without reading all of
    /// it), and what arrived before counts.
    /// </summary>
    public static async Task<string> RawExchangeAsync(IPEndPoint endpoint, string request, bool resetEnds = false)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(endpoint);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(15))) > 0) received.Write(buffer, 0, read);
        }
        catch (IOException) when (resetEnds)
        {
        }

        return System.Text.Encoding.ASCII.GetString(received.ToArray());
    }

    /// <summary>Runs curl (a real client) with <paramref name="args"/>; its exit code and standard output.</summary>
    public static async Task<(int Code, string Output)> CurlAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("curl") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(15));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        return (process.ExitCode, output);
    }

    public static HttpClient Http1Client() => new(new SocketsHttpHandler { UseProxy = false }) { DefaultRequestVersion = HttpVersion.Version11 };

    public static HttpClient H2cClient() => new(new SocketsHttpHandler { UseProxy = false })
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}
