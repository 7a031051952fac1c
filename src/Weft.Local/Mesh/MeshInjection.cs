using System.Collections.Immutable;
using System.Diagnostics;
using Weft.Api.Resources;
using Weft.Local.Runtime;
using Weft.Mesh.Identity;
using Weft.Mesh.Sidecar;

namespace Weft.Local.Mesh;

/// <summary>
/// Sidecar injection at pod start: for pods (or namespaces) annotated <c>weft.io/inject: enabled</c>, applies the
/// redirect rules in the pod's network namespace before any container starts, issues the pod token, and returns
/// the <c>weft-proxy</c> container to run beside the application (supervised like any container: restarts, logs,
/// readiness on the admin port's /ready).
/// </summary>
public sealed class MeshInjection(
    PodTokens tokens,
    string daemonSocket,
    string trustDomain,
    SidecarProgram sidecar,
    Func<string, IReadOnlyDictionary<string, string>?> namespaceAnnotations)
{
    public const string ContainerName = "weft-proxy";

    /// <summary>Returns the sidecar container to append, or null when the pod is not meshed.</summary>
    public Container? Prepare(PodLaunch launch)
    {
        var pod = launch.Pod;
        if (!SidecarAnnotations.ShouldInject(pod.Metadata.Annotations, namespaceAnnotations(pod.Namespace)))
        {
            return null;
        }

        var plan = Plan(pod.Metadata.Annotations);
        var identity = Identity(pod, trustDomain);
        ApplyRules(launch.Sandbox.Netns, RedirectRules.Render(plan), launch.LogDirectory);
        var tokenFile = tokens.Issue(pod.Key, identity, launch.LogDirectory);
        AppendLog(launch.LogDirectory, sidecar.Describe());
        return SidecarContainer(sidecar, daemonSocket, tokenFile, identity, launch.LogDirectory, plan);
    }

    public static SpiffeId Identity(Pod pod, string trustDomain) =>
        SpiffeId.ForWorkload(trustDomain, pod.Namespace, string.IsNullOrEmpty(pod.Spec.ServiceAccountName) ? "default" : pod.Spec.ServiceAccountName);

    /// <summary>The redirect plan from the skip-port annotations (bad entries are left out; the annotations were parsed at decode time by nothing else, so they are reported in the proxy's log).</summary>
    public static RedirectPlan Plan(IReadOnlyDictionary<string, string> annotations)
    {
        annotations.TryGetValue(SidecarAnnotations.SkipInboundPorts, out var inbound);
        annotations.TryGetValue(SidecarAnnotations.SkipOutboundPorts, out var outbound);
        return new RedirectPlan
        {
            SkipInboundPorts = SidecarAnnotations.ParsePorts(SidecarAnnotations.SkipInboundPorts, inbound).Ports,
            SkipOutboundPorts = SidecarAnnotations.ParsePorts(SidecarAnnotations.SkipOutboundPorts, outbound).Ports,
        };
    }

    public static Container SidecarContainer(SidecarProgram sidecar, string daemonSocket, string tokenFile, SpiffeId identity, string podDirectory, RedirectPlan plan) => new()
    {
        Name = ContainerName,
        Image = "weft/proxy",
        Command = [sidecar.FileName, .. sidecar.Arguments],
        Env =
        [
            new EnvVar("WEFT_MESH_SOCKET", daemonSocket),
            new EnvVar("WEFT_MESH_TOKEN_FILE", tokenFile),
            new EnvVar("WEFT_MESH_IDENTITY", identity.ToString()),
            new EnvVar("WEFT_MESH_CERT_FILE", Path.Combine(podDirectory, "mesh-cert.pem")),
            new EnvVar("WEFT_MESH_INBOUND_PORT", plan.InboundPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new EnvVar("WEFT_MESH_OUTBOUND_PORT", plan.OutboundPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new EnvVar("WEFT_MESH_ADMIN_PORT", plan.AdminPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new EnvVar("DOTNET_gcServer", "0"),
            new EnvVar("DOTNET_GCgen0size", "0x200000"),
            // The runtime settings weft-proxy makes its defaults (bench/mesh/RESULTS.md): socket completions inline on
            // the epoll threads (about 1.5 context switches per request instead of 5–9) and thread-pool workers that
            // block instead of spinning when idle.
            new EnvVar("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1"),
            new EnvVar("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0"),
            // The daemon's collector, if it has one (it must be reachable from the pod: a pod or a service address).
            .. Environment.GetEnvironmentVariable(Weft.Mesh.Tracing.TraceExport.EndpointVariable) is { Length: > 0 } otlp
                ? [new EnvVar(Weft.Mesh.Tracing.TraceExport.EndpointVariable, otlp)]
                : Array.Empty<EnvVar>(),
            .. NoSystemTrustStore(Environment.GetEnvironmentVariable(Weft.Mesh.Tracing.TraceExport.EndpointVariable)),
        ],
        ReadinessProbe = new Probe
        {
            HttpGet = new HttpGetAction { Path = "/ready", Port = IntOrString.FromNumber(plan.AdminPort) },
            PeriodSeconds = 1,
        },
    };

    /// <summary>
    /// An empty system trust store for the proxy: it trusts only the mesh root (PeerCertificateValidator builds with
    /// CustomRootTrust), but .NET's <c>SslStreamCertificateContext.Create</c> always builds the leaf's chain with
    /// system trust, which makes .NET load and parse every certificate under /etc/ssl/certs once per process:
    /// ~2 MB RSS for nothing (bench/mesh/RESULTS.md). Left alone when spans go to an https collector, which needs them.
    /// </summary>
    public static IReadOnlyList<EnvVar> NoSystemTrustStore(string? otlpEndpoint) =>
        otlpEndpoint is not null && otlpEndpoint.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
            ? []
            : [new EnvVar("SSL_CERT_FILE", "/dev/null"), new EnvVar("SSL_CERT_DIR", "/dev/null")];

    /// <summary>
    /// <c>ip netns exec POD nft -f -</c>: only ever inside the pod's namespace. A failure is written to the proxy's
    /// log and the pod starts unmeshed-by-redirect (the proxy still runs), rather than not at all.
    /// </summary>
    private static void ApplyRules(string netns, string script, string logDirectory)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (ImmutableArray<string>)["netns", "exec", netns, "nft", "-f", "-"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            AppendLog(logDirectory, $"weft: applying the redirect rules in {netns} failed (exit {process.ExitCode}): {stderr}");
        }
    }

    private static void AppendLog(string logDirectory, string line)
    {
        Directory.CreateDirectory(logDirectory);
        File.AppendAllText(Path.Combine(logDirectory, ContainerName + ".log"), line + "\n");
    }
}
