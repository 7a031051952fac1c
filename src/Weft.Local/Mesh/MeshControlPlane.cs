using Weft.Local.Apps;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Weft.Local.Runtime;
using Weft.Local.State;
using Weft.Mesh.ControlPlane;
using Weft.Mesh.Identity;

namespace Weft.Local.Mesh;

/// <summary>
/// The daemon's mesh control plane: the cluster CA (state dir <c>mesh-ca/</c>, key 0600), the pod tokens, the
/// injection hook, and the CSR endpoint on the daemon's Unix socket (reachable from every pod namespace: Unix
/// sockets are file-system objects, not network ones).
/// </summary>
public sealed class MeshControlPlane : IDisposable
{
    public const string TrustDomain = "cluster.local";

    /// <summary>Leaf validity; <c>WEFT_MESH_CERT_VALIDITY</c> (seconds) shortens it, for rotation tests.</summary>
    public const string ValidityVariable = "WEFT_MESH_CERT_VALIDITY";

    private MeshControlPlane(CertificateAuthority authority, MeshInjection injection, PodTokens tokens, TimeSpan? validity)
    {
        Authority = authority;
        LeafValidity = validity;
        Injection = injection;
        Tokens = tokens;
    }

    public CertificateAuthority Authority { get; }

    public MeshInjection Injection { get; }

    public PodTokens Tokens { get; }

    /// <summary>
    /// The members text every sidecar watches (<c>GET /v1/mesh/members</c>, a long poll that answers as soon as it
    /// changes); the epoch of its tags is new with every daemon start.
    /// </summary>
    public MembersFeed Members { get; } = new(Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)), TimeProvider.System);

    /// <summary>Re-renders the members text from a newly published snapshot; waiting sidecars get it at once if it changed.</summary>
    public void Refresh(ClusterRuntime runtime, Weft.Agent.ClusterSnapshot snapshot) =>
        Members.Publish(MeshMembership.Render(snapshot.Services, MeshedPods(runtime), IdentitiesByAddress(runtime)));

    /// <summary>Leaf validity override; null = the CA's default (24 h).</summary>
    public TimeSpan? LeafValidity { get; }

    public static string CaDirectory(StatePaths paths) => Path.Combine(paths.Directory, "mesh-ca");

    /// <summary>Loads the cluster's CA, or creates it on first start.</summary>
    public static MeshControlPlane Create(StatePaths paths, ClusterRuntime runtime, WeftCommandLine weft, TimeProvider time)
    {
        var dir = CaDirectory(paths);
        CertificateAuthority authority;
        if (File.Exists(Path.Combine(dir, "ca.key")))
        {
            authority = CertificateAuthority.Load(dir, time);
        }
        else
        {
            authority = CertificateAuthority.CreateRoot(TrustDomain, time);
            authority.Save(dir);
        }

        TimeSpan? validity = int.TryParse(Environment.GetEnvironmentVariable(ValidityVariable), out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

        var tokens = new PodTokens();
        var sidecar = SidecarProgram.Choose(weft, Environment.GetEnvironmentVariable(SidecarProgram.BinaryVariable), AppContext.BaseDirectory, File.Exists);
        var injection = new MeshInjection(tokens, paths.Socket, authority.TrustDomain, sidecar, runtime.NamespaceAnnotations);
        return new MeshControlPlane(authority, injection, tokens, validity);
    }

    /// <summary>
    /// <c>GET /v1/mesh/scrape[?ns=]</c> → one <see cref="Weft.Mesh.Stats.ScrapeRound"/> (JSON) for <c>weft stat|top</c>;
    /// <c>GET /v1/mesh/check</c> → the <see cref="Weft.Mesh.Health.CheckResult"/>s of <c>weft check</c>;
    /// <c>POST /v1/mesh/csr</c> (Authorization: Bearer POD-TOKEN, body: DER PKCS#10) → PEM leaf and intermediates;
    /// <c>GET /v1/mesh/root</c> → PEM trust root. 403 with the reason when the token does not prove the identity.
    /// </summary>
    public void Map(IEndpointRouteBuilder routes, ClusterRuntime runtime, StatePaths paths)
    {
        var scraper = new MeshScraper(runtime, paths, this, TimeProvider.System);
        routes.MapGet("/v1/mesh/scrape", async (string? ns, CancellationToken ct) => Results.Ok(await scraper.ScrapeAsync(ns, ct)));
        routes.MapGet("/v1/mesh/check", async (CancellationToken ct) => Results.Ok(await scraper.CheckAsync(ct)));
        Refresh(runtime, runtime.Snapshot);
        var stopping = routes.ServiceProvider.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
        routes.MapGet("/v1/mesh/members", (HttpContext context) => Members.HandleAsync(context, stopping));
        routes.MapGet("/v1/mesh/root", () => Results.Text(Authority.TrustRoot.ExportCertificatePem() + "\n", "application/x-pem-file"));
        routes.MapPost("/v1/mesh/csr", async (HttpRequest request) =>
        {
            var header = request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : "";
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var proved = Tokens.Review(token);
            var result = proved is null
                ? IssueResult.Fail(IssueFailure.IdentityMismatch, "pod token not recognised")
                : Authority.Issue(body.ToArray(), proved, LeafValidity);
            if (!result.Succeeded)
            {
                return Results.Text($"{result.Failure}: {result.Message}\n", "text/plain", statusCode: StatusCodes.Status403Forbidden);
            }

            var pem = new StringBuilder();
            pem.Append(result.Leaf!.ExportCertificatePem()).Append('\n');
            foreach (var intermediate in result.Intermediates)
            {
                pem.Append(intermediate.ExportCertificatePem()).Append('\n');
            }

            return Results.Text(pem.ToString(), "application/x-pem-file");
        });
    }

    public void Dispose() => Authority.Dispose();

    /// <summary>Meshed pods' SPIFFE IDs by address (the identity their proxies hold, from the pod tokens).</summary>
    private Func<System.Net.IPAddress, string?> IdentitiesByAddress(ClusterRuntime runtime)
    {
        var byAddress = runtime.View(DateTimeOffset.UnixEpoch).Pods
            .Where(p => p.Ip is not null && Tokens.IdentityOf($"{p.Namespace}/{p.Name}") is not null)
            .GroupBy(p => System.Net.IPAddress.Parse(p.Ip!))
            .ToDictionary(g => g.Key, g => Tokens.IdentityOf($"{g.First().Namespace}/{g.First().Name}")!.ToString());
        return address => byAddress.GetValueOrDefault(address);
    }

    /// <summary>Pods running the proxy container (their IPs), from the runtime's view.</summary>
    public static IEnumerable<System.Net.IPAddress> MeshedPods(ClusterRuntime runtime) =>
        runtime.View(DateTimeOffset.UnixEpoch).Pods
            .Where(p => p.Ip is not null && p.Containers.Any(c => c.Name == MeshInjection.ContainerName))
            .Select(p => System.Net.IPAddress.Parse(p.Ip!));
}
