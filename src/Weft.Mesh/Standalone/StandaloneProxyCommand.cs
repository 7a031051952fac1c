using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using Weft.Mesh.Balancing;
using Weft.Mesh.Config;
using Weft.Mesh.Hosting;
using Weft.Mesh.Identity;
using Weft.Mesh.Metrics;
using Weft.Mesh.Watch;

namespace Weft.Mesh.Standalone;

/// <summary>
/// The standalone proxy command line (<c>weft proxy</c> and the <c>weft-proxy</c> binary): Weft's mesh proxy outside
/// a cluster — a plain reverse proxy, or one side of an mTLS pair. Same listener, forwarder, balancer and metrics
/// code as the sidecar; configured from flags.
/// </summary>
public static class StandaloneProxyCommand
{
    public const string Description = "Run Weft's mesh proxy standalone: a reverse proxy, optionally one side of an mTLS pair.";

    /// <summary>Adds the proxy's options and action to <paramref name="command"/>.</summary>
    public static Command Configure(Command command)
    {
        var listen = new Option<string>("--listen") { Description = "ADDR:PORT to accept connections on", Required = true };
        var upstream = new Option<string[]>("--upstream") { Description = "ADDR:PORT of an upstream endpoint (repeat for several; balanced by P2C over peak EWMA)", AllowMultipleArgumentsPerToken = true };
        var transparent = new Option<bool>("--transparent") { Description = "sidecar mode: forward each redirected connection to its original destination (SO_ORIGINAL_DST)" };
        var socketMark = new Option<string?>("--socket-mark") { Description = "SO_MARK for upstream sockets, e.g. 0x4d5754 (the redirect rules let marked traffic pass; needs CAP_NET_ADMIN)" };
        var mtls = new Option<string?>("--mtls") { Description = "client: originate mTLS to the upstream; server: require and verify client certificates" };
        mtls.AcceptOnlyFromAmong("client", "server");
        var cert = new Option<string?>("--tls-cert") { Description = "PEM certificate (leaf first, then intermediates)" };
        var key = new Option<string?>("--tls-key") { Description = "PEM private key" };
        var ca = new Option<string?>("--tls-ca") { Description = "PEM trust root(s) peers must chain to" };
        var serverName = new Option<string?>("--tls-server-name") { Description = "SNI sent when originating mTLS" };
        var peerId = new Option<string?>("--tls-peer-id") { Description = "with --mtls client: the SPIFFE ID the upstream must present" };
        var trustDomain = new Option<string?>("--trust-domain") { Description = "require peers' SPIFFE IDs to be in this trust domain" };
        var admin = new Option<string>("--admin") { Description = "ADDR:PORT for /metrics, /ready, /live", DefaultValueFactory = _ => "127.0.0.1:4191" };
        var protocol = new Option<string>("--upstream-protocol") { Description = "HTTP version towards a plaintext upstream: auto (as received), http1, http2 (h2c)", DefaultValueFactory = _ => "auto" };
        protocol.AcceptOnlyFromAmong("auto", "http1", "http2");
        var forwardClientId = new Option<bool>("--forward-client-id") { Description = "with --mtls server: add x-weft-client-id: <SPIFFE ID> to forwarded requests" };
        var streams = new Option<int>("--max-concurrent-streams") { Description = "HTTP/2 streams per connection", DefaultValueFactory = _ => 100 };
        var headerTimeout = new Option<string>("--request-headers-timeout") { Description = "cut off clients that have not sent their headers by then (e.g. 10s)", DefaultValueFactory = _ => "10s" };

        var otlp = new Option<string?>("--otlp-endpoint") { Description = "OTLP/HTTP collector URL for spans, e.g. http://127.0.0.1:4318 (default: $OTEL_EXPORTER_OTLP_ENDPOINT; none: no spans)" };

        foreach (var o in new Option[] { listen, upstream, transparent, socketMark, mtls, cert, key, ca, serverName, peerId, trustDomain, admin, protocol, forwardClientId, streams, headerTimeout, otlp })
            command.Options.Add(o);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new List<string>();
            if (!ProxyOptions.TryParseEndpoint(parse.GetValue(listen)!, out var listenEndpoint)) errors.Add("--listen: expected ADDR:PORT");
            var upstreams = new List<IPEndPoint>();
            foreach (var u in parse.GetValue(upstream) ?? [])
            {
                if (ProxyOptions.TryParseEndpoint(u, out var ep)) upstreams.Add(ep);
                else errors.Add($"--upstream: '{u}' is not ADDR:PORT");
            }

            if (upstreams.Count == 0 && !parse.GetValue(transparent)) errors.Add("--upstream: at least one is required (or --transparent)");
            uint? mark = null;
            if (parse.GetValue(socketMark) is { } markText)
            {
                var hex = markText.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
                if (uint.TryParse(hex ? markText[2..] : markText, hex ? System.Globalization.NumberStyles.HexNumber : System.Globalization.NumberStyles.None, null, out var m) && m != 0) mark = m;
                else errors.Add("--socket-mark: expected a non-zero number like 0x4d5754");
            }

            if (!ProxyOptions.TryParseEndpoint(parse.GetValue(admin)!, out var adminEndpoint)) errors.Add("--admin: expected ADDR:PORT");
            if (!ProxyOptions.TryParseDuration(parse.GetValue(headerTimeout)!, out var headersTimeout)) errors.Add("--request-headers-timeout: expected a duration like 10s");
            var mode = parse.GetValue(mtls);
            WorkloadCertificate? certificate = null;
            PeerCertificateValidator? validator = null;
            SpiffeId? expected = null;
            if (mode is not null)
            {
                string? certPath = parse.GetValue(cert), keyPath = parse.GetValue(key), caPath = parse.GetValue(ca);
                if (certPath is null || keyPath is null || caPath is null) errors.Add("--mtls: needs --tls-cert, --tls-key and --tls-ca");
                else
                {
                    try
                    {
                        certificate = WorkloadCertificate.LoadPem(certPath, keyPath);
                        var roots = new X509Certificate2Collection();
                        roots.ImportFromPemFile(caPath);
                        if (roots.Count == 0) errors.Add($"--tls-ca: {caPath}: no certificate");
                        validator = new PeerCertificateValidator(roots, TimeProvider.System, parse.GetValue(trustDomain));
                    }
                    catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or InvalidDataException or UnauthorizedAccessException)
                    {
                        errors.Add($"--tls-cert/--tls-key/--tls-ca: {e.Message}");
                    }
                }

                if (parse.GetValue(peerId) is { } p && !SpiffeId.TryParse(p, out expected, out var error)) errors.Add($"--tls-peer-id: {error}");
            }

            var tracesUrl = Tracing.TraceExport.TracesUrl(parse.GetValue(otlp), Environment.GetEnvironmentVariable(Tracing.TraceExport.EndpointVariable));
            if (parse.GetValue(otlp) is { } otlpText && tracesUrl is null) errors.Add($"--otlp-endpoint: '{otlpText}' is not an absolute URL");
            if (errors.Count > 0)
            {
                foreach (var e in errors) Console.Error.WriteLine($"{command.Name}: {e}");
                return 2;
            }

            // mTLS peers chain to --tls-ca only: no system CA store in this process (before the first handshake).
            if (mode is not null) SystemTrustStore.EmptyUnlessNeeded(tracesUrl);
            var endpoints = new LatestValue<EndpointSet>(new EndpointSet([.. upstreams]));
            var runtime = new ProxyRuntime
            {
                Endpoints = name => name == "upstream" ? endpoints : null,
                Certificates = certificate is null ? null : new LatestValue<WorkloadCertificate>(certificate),
                PeerValidator = validator,
                SocketMark = mark,
            };
            var config = new ProxyConfig
            {
                Listeners =
                [
                    new ListenerConfig
                    {
                        Name = "proxy",
                        Endpoint = listenEndpoint,
                        Direction = mode == "server" ? TrafficDirection.Inbound : TrafficDirection.Outbound,
                        Security = mode == "server" ? ListenerSecurity.MutualTls : ListenerSecurity.Plain,
                        ForwardClientIdentity = parse.GetValue(forwardClientId),
                        Transparent = parse.GetValue(transparent),
                        Upstream = new UpstreamConfig
                        {
                            Name = "upstream",
                            Security = mode == "client" ? UpstreamSecurity.MutualTls : UpstreamSecurity.Plain,
                            Protocol = parse.GetValue(protocol) switch { "http1" => UpstreamProtocol.Http1, "http2" => UpstreamProtocol.Http2, _ => UpstreamProtocol.Auto },
                            ServerName = parse.GetValue(serverName),
                            ExpectedIdentity = expected,
                        },
                    },
                ],
                Admin = adminEndpoint,
                Limits = new ProxyLimits { MaxConcurrentStreams = parse.GetValue(streams), RequestHeadersTimeout = headersTimeout },
            };
            var (server, problems) = ProxyServer.Create(config, runtime);
            if (server is null)
            {
                foreach (var e in problems) Console.Error.WriteLine($"{command.Name}: {e}");
                return 2;
            }

            using var tracing = Tracing.TraceExport.StartIfConfigured(tracesUrl, "weft-proxy");
            await using (server)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
                try
                {
                    await server.StartAsync(stop.Token);
                }
                catch (IOException e)
                {
                    Console.Error.WriteLine($"{command.Name}: {e.Message}");
                    return 1;
                }

                Console.Error.WriteLine($"{command.Name}: listening on {server.ListenerEndpoint("proxy")} → {string.Join(", ", upstreams)}; admin on {server.AdminEndpoint}");
                using var trim = IdleMemoryTrim.Start(TimeProvider.System);
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }

            return 0;
        });
        return command;
    }
}
