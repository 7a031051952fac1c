using System.Net;
using System.Net.Sockets;
using Weft.Local.Daemon;
using Weft.Local.Probes;
using Weft.Local.Runtime;
using Weft.Local.State;
using Weft.Mesh.Health;
using Weft.Mesh.Stats;

namespace Weft.Local.Mesh;

/// <summary>
/// Reads each meshed pod's admin port (127.0.0.1:4191) from inside its network namespace (sockets created there by
/// <see cref="NetnsSocketFactory"/>; the admin port is never published outside the pod): one scrape round for
/// <c>weft stat</c> and <c>weft top</c> (which take two and compute rates themselves), and the inputs of
/// <c>weft check</c>.
/// </summary>
public sealed class MeshScraper(ClusterRuntime runtime, StatePaths paths, MeshControlPlane mesh, TimeProvider time)
{
    private const int AdminPort = 4191;

    /// <summary>Every pod with an address (in <paramref name="ns"/> when given), meshed ones with their proxy's metrics.</summary>
    public async Task<ScrapeRound> ScrapeAsync(string? ns, CancellationToken cancellationToken)
    {
        var pods = runtime.View(DateTimeOffset.UnixEpoch).Pods.Where(p => p.Ip is not null && (ns is null || p.Namespace == ns)).ToList();
        var start = time.GetUtcNow();
        var metrics = await Task.WhenAll(pods.Select(p => IsMeshed(p) ? GetAsync(p, "/metrics", cancellationToken) : Task.FromResult<string?>(null)));
        // The round's time is the middle of the scrapes: they run in parallel and take milliseconds.
        var at = start + ((time.GetUtcNow() - start) / 2);
        return new ScrapeRound(at, pods.Select((p, i) => new PodScrape(
            p.Namespace, p.Name, Workload(p), IsMeshed(p), IsMeshed(p) ? mesh.Tokens.IdentityOf($"{p.Namespace}/{p.Name}")?.ToString() ?? "" : "", metrics[i])).ToList());
    }

    /// <summary>The mesh's health, one result per check (see <see cref="MeshCheck"/>).</summary>
    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
    {
        var proxies = new List<ProxyStatus>();
        foreach (var pod in runtime.View(DateTimeOffset.UnixEpoch).Pods.Where(p => p.Ip is not null && IsMeshed(p)))
        {
            var ready = await GetAsync(pod, "/ready", cancellationToken) is not null;
            var certFile = Path.Combine(paths.PodDirectory(pod.Namespace, pod.Name), "mesh-cert.pem");
            var pem = File.Exists(certFile) ? await File.ReadAllTextAsync(certFile, cancellationToken) : null;
            var identity = mesh.Tokens.IdentityOf($"{pod.Namespace}/{pod.Name}")?.ToString() ?? "";
            proxies.Add(new ProxyStatus($"{pod.Namespace}/{pod.Name}", identity, ready, pem));
        }

        var authority = mesh.Authority;
        return MeshCheck.Evaluate(authority.SigningCertificate, authority.Parents, authority.TrustRoot, proxies, time);
    }

    private static bool IsMeshed(PodView pod) => pod.Containers.Any(c => c.Name == MeshInjection.ContainerName);

    /// <summary>A pod's workload: its Deployment (the name without the ReplicaSet hash and pod suffix), else the pod itself.</summary>
    public static string Workload(PodView pod) =>
        pod.Labels.ContainsKey("pod-template-hash") && pod.Name.Split('-') is { Length: > 2 } parts
            ? string.Join('-', parts[..^2])
            : pod.Name;

    /// <summary>GET on the pod's admin port; null unless it answered 2xx.</summary>
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
