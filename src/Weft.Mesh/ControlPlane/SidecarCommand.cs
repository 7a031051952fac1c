using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Weft.Mesh.Config;
using Weft.Mesh.Hosting;
using Weft.Mesh.Identity;
using Weft.Mesh.Metrics;
using Weft.Mesh.Sidecar;

namespace Weft.Mesh.ControlPlane;

/// <summary>
/// <c>weft mesh sidecar</c>: the injected proxy of a meshed pod, configured from the environment the local runtime
/// gives it (WEFT_MESH_*): gets its certificate from the daemon with a CSR and the pod token (key kept in this
/// process, renewed at half-life), keeps its view of the mesh current with the members watch (pushed by the daemon, see
/// <see cref="MembersWatch"/>), then runs the transparent inbound (0.0.0.0:4143) and outbound (127.0.0.1:4140)
/// listeners and the admin port (0.0.0.0:4191) with SO_MARK on its own upstream sockets.
/// </summary>
public static class SidecarCommand
{
    public static Command Create()
    {
        var command = new Command("sidecar", "Run as the injected proxy of a meshed pod (configured from WEFT_MESH_* variables).");
        command.SetAction(async (_, cancellationToken) => await RunAsync(cancellationToken).ConfigureAwait(false));
        return command;
    }

    private static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var socket = Variable("WEFT_MESH_SOCKET", errors);
        var tokenFile = Variable("WEFT_MESH_TOKEN_FILE", errors);
        var identityText = Variable("WEFT_MESH_IDENTITY", errors);
        SpiffeId? identity = null;
        if (identityText is not null && !SpiffeId.TryParse(identityText, out identity, out var idError)) errors.Add($"WEFT_MESH_IDENTITY: {idError}");
        var plan = new RedirectPlan();
        var inbound = Port("WEFT_MESH_INBOUND_PORT", plan.InboundPort, errors);
        var outbound = Port("WEFT_MESH_OUTBOUND_PORT", plan.OutboundPort, errors);
        var adminPort = Port("WEFT_MESH_ADMIN_PORT", plan.AdminPort, errors);
        if (errors.Count > 0)
        {
            foreach (var e in errors) await Console.Error.WriteLineAsync($"weft mesh sidecar: {e}").ConfigureAwait(false);
            return 2;
        }

        // Before any TLS: the sidecar trusts the mesh roots only (the launcher usually did this already).
        var tracesUrl = Tracing.TraceExport.TracesUrl(null, Environment.GetEnvironmentVariable(Tracing.TraceExport.EndpointVariable));
        SystemTrustStore.EmptyUnlessNeeded(tracesUrl);
        var token = (await File.ReadAllTextAsync(tokenFile!, cancellationToken).ConfigureAwait(false)).Trim();
        using var issuer = new DaemonCertificateIssuer(socket!, token);
        using var rotator = new CertificateRotator(identity!, issuer, TimeProvider.System);
        var roots = await issuer.TrustRootsAsync(cancellationToken).ConfigureAwait(false);
        await rotator.StartAsync(cancellationToken).ConfigureAwait(false);
        var certFile = Environment.GetEnvironmentVariable("WEFT_MESH_CERT_FILE");
        // One line per event on standard output (the container log).
        using var log = new LineLoggerProvider(Console.Out, TimeProvider.System);
        var members = new MeshMembers();
        using var membersSource = new DaemonMembersSource(socket!);
        var watch = new MembersWatch(membersSource, members, TimeProvider.System, log.CreateLogger("Weft.Mesh.Members"));
        await watch.PollOnceAsync(cancellationToken).ConfigureAwait(false);
        var runtime = new ProxyRuntime
        {
            Endpoints = members.Endpoints,
            IsMeshed = members.IsMeshed,
            MeshIdentity = members.IdentityOf,
            Certificates = rotator.Certificates,
            PeerValidator = new PeerCertificateValidator(roots, TimeProvider.System, identity!.TrustDomain),
            SocketMark = plan.ProxyMark,
        };
        var config = new ProxyConfig
        {
            Listeners =
            [
                Listener("inbound", new IPEndPoint(IPAddress.Any, inbound), TrafficDirection.Inbound) with { Security = ListenerSecurity.Permissive, ForwardClientIdentity = true },
                Listener("outbound", new IPEndPoint(IPAddress.Loopback, outbound), TrafficDirection.Outbound),
            ],
            Admin = new IPEndPoint(IPAddress.Any, adminPort),
        };
        var (server, problems) = ProxyServer.Create(config, runtime, log);
        if (server is null)
        {
            foreach (var e in problems) await Console.Error.WriteLineAsync($"weft mesh sidecar: {e}").ConfigureAwait(false);
            return 2;
        }

        // Spans go to OTEL_EXPORTER_OTLP_ENDPOINT when the pod's environment names a collector.
        using var tracing = Tracing.TraceExport.StartIfConfigured(tracesUrl, "weft-proxy", plan.ProxyMark);
        await using (server.ConfigureAwait(false))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
            await server.StartAsync(stop.Token).ConfigureAwait(false);
            using var trim = IdleMemoryTrim.Start(TimeProvider.System);
            var watching = watch.RunAsync(stop.Token);
            await Console.Error.WriteLineAsync($"weft mesh sidecar: {identity} inbound :{inbound}, outbound 127.0.0.1:{outbound}, admin :{adminPort}").ConfigureAwait(false);
            try
            {
                // Publish the current (public) certificate for `weft check`; the key never leaves this process.
                var version = -1L;
                while (true)
                {
                    if (rotator.Certificates.Version != version)
                    {
                        version = rotator.Certificates.Version;
                        if (certFile is not null)
                        {
                            // Written aside and renamed, so readers never see half a certificate.
                            await File.WriteAllTextAsync(certFile + ".new", rotator.Certificates.Current.Leaf.ExportCertificatePem() + "\n", stop.Token).ConfigureAwait(false);
                            File.Move(certFile + ".new", certFile, overwrite: true);
                        }
                    }

                    await rotator.Certificates.WaitNewerAsync(version, stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }

            await watching.ConfigureAwait(false);
        }

        return 0;
    }

    private static ListenerConfig Listener(string name, IPEndPoint endpoint, TrafficDirection direction) => new()
    {
        Name = name,
        Endpoint = endpoint,
        Direction = direction,
        Transparent = true,
        Upstream = new UpstreamConfig { Name = name },
    };

    private static string? Variable(string name, List<string> errors)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value)) errors.Add($"{name}: not set");
        return value;
    }

    private static int Port(string name, int fallback, List<string> errors)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536) return port;
        errors.Add($"{name}: '{text}' is not a port");
        return fallback;
    }
}
