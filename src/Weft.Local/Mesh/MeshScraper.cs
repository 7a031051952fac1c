using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Weft.Local.Daemon;
using Weft.Local.Probes;
using Weft.Local.Runtime;
using Weft.Local.State;
using Weft.Mesh.ControlPlane;

namespace Weft.Local.Mesh;

/// <summary>
/// Reads each meshed pod's admin port (127.0.0.1:4191) from inside its network namespace (sockets created there by
/// <see cref="NetnsSocketFactory"/>; the admin port is never published outside the pod) for <c>weft mesh stat</c>
/// and <c>weft mesh check</c>.
/// </summary>
public sealed class MeshScraper(ClusterRuntime runtime, StatePaths paths, MeshControlPlane mesh, TimeProvider time)
{
    private const int AdminPort = 4191;

    public IReadOnlyList<PodView> MeshedPods(string? ns) =>
        runtime.View(DateTimeOffset.UnixEpoch).Pods
            .Where(p => p.Ip is not null && (ns is null || p.Namespace == ns) && p.Containers.Any(c => c.Name == MeshInjection.ContainerName))
            .ToList();

    /// <summary>Rows per workload (<paramref name="by"/>: deploy, pod or ns) over a window of <paramref name="window"/>.</summary>
    public async Task<string> StatAsync(string by, string? ns, TimeSpan window, CancellationToken cancellationToken)
    {
        var pods = MeshedPods(ns);
        var before = await Task.WhenAll(pods.Select(p => GetAsync(p, "/metrics", cancellationToken)));
        await Task.Delay(window, time, cancellationToken);
        var after = await Task.WhenAll(pods.Select(p => GetAsync(p, "/metrics", cancellationToken)));
        var rows = MeshStats.Compute(
            pods.Select((p, i) => (Workload(p, by), MeshStats.Parse(before[i] ?? ""), MeshStats.Parse(after[i] ?? ""))),
            window);
        return rows.Count == 0 ? "No meshed pods.\n" : MeshStats.Format(rows);
    }

    /// <summary>The mesh's health as lines "ok|FAIL what"; <paramref name="healthy"/> is false when any check failed.</summary>
    public async Task<(string Report, bool Healthy)> CheckAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var healthy = true;
        void Line(bool ok, string what)
        {
            healthy &= ok;
            text.Append(ok ? "ok    " : "FAIL  ").Append(what).Append('\n');
        }

        var now = time.GetUtcNow();
        var root = mesh.Authority.TrustRoot;
        Line(root.NotAfter.ToUniversalTime() > now.UtcDateTime && root.NotBefore.ToUniversalTime() <= now.UtcDateTime,
            $"CA {root.Subject} valid until {root.NotAfter.ToUniversalTime():u}");
        foreach (var pod in MeshedPods(null))
        {
            var name = $"{pod.Namespace}/{pod.Name}";
            var ready = await GetAsync(pod, "/ready", cancellationToken);
            Line(ready?.StartsWith("ready", StringComparison.Ordinal) == true, $"{name}: proxy ready");
            var certFile = Path.Combine(paths.PodDirectory(pod.Namespace, pod.Name), "mesh-cert.pem");
            if (!File.Exists(certFile))
            {
                Line(false, $"{name}: no certificate yet");
                continue;
            }

            using var cert = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certFile, cancellationToken));
            var fresh = cert.NotAfter.ToUniversalTime() > now.UtcDateTime;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            Line(fresh && chain.Build(cert), $"{name}: certificate chains to the CA, expires {cert.NotAfter.ToUniversalTime():u}");
        }

        return (text.ToString(), healthy);
    }

    /// <summary>Workload of a pod: its Deployment (name without the template hash and suffix), the pod, or the namespace.</summary>
    public static string Workload(PodView pod, string by) => by switch
    {
        "pod" or "po" => $"{pod.Namespace}/{pod.Name}",
        "ns" or "namespace" => pod.Namespace,
        _ => pod.Labels.ContainsKey("pod-template-hash") && pod.Name.Split('-') is { Length: > 2 } parts
            ? $"{pod.Namespace}/{string.Join('-', parts[..^2])}"
            : $"{pod.Namespace}/{pod.Name}",
    };

    private async Task<string?> GetAsync(PodView pod, string path, CancellationToken cancellationToken)
    {
        var sockets = new NetnsSocketFactory(runtime.Layout.PodNetns(pod.Namespace, pod.Name));
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = sockets.Create(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, AdminPort), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            return await http.GetStringAsync(new Uri($"http://127.0.0.1:{AdminPort}{path}"), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
