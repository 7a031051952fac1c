using System.Text.Json;
using Weft.Local.Tests.Cluster;
using Weft.Local.Tests.Services;

namespace Weft.Local.Tests.Mesh;

/// <summary>
/// Privileged end-to-end (needs root): gRPC between meshed pods through both sidecars (h2c prior knowledge from the
/// app, HTTP/2 over mTLS between the proxies, h2c to the server app), grpc-status passed back unchanged and counted
/// in the proxies' metrics; dst_id empty towards an unmeshed destination; <c>weft top</c> and <c>weft stat</c> on it.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed class MeshGrpcTests
{
    private const string Api = "spiffe://cluster.local/ns/meshed/sa/api";

    [Fact]
    public async Task Mesh_GrpcBetweenMeshedPods_PassesStatusesThroughBothSidecarsAndCountsThem()
    {
        await using var cluster = new LocalClusterFixture();
        var up = await cluster.RunAsync("up", "-f", Cluster.Manifests.Write(MeshManifests.Grpc));
        up.ExitCode.ShouldBe(0, up.ToString());
        var pods = await cluster.WaitForPodsAsync(p => p.Count == 3 && p.All(x => x.Ready), TimeSpan.FromSeconds(120));
        var api = pods.Single(p => p.Name.StartsWith("api-", StringComparison.Ordinal));
        api.Containers.Select(c => c.Name).ShouldContain("weft-proxy");
        var client = new PodShell(cluster, "client", MeshManifests.Namespace);

        // A unary call by service name: through the client's sidecar (h2c in), mTLS to the server's, h2c to the app.
        await PodShell.EventuallyAsync(async () => (await Grpc(client, "api:9090")).ExitCode == 0, "gRPC call from the meshed client");
        var echo = await Grpc(client, "api:9090", "--send", "hello");
        echo.ExitCode.ShouldBe(0, echo.ToString());
        echo.Stdout.ShouldContain("grpc-status=0");
        echo.Stdout.ShouldContain($"reply=\"hello pod={api.Name} namespace=meshed");

        // A non-OK status and its message come back unchanged (trailers-only answer from the server).
        const int failures = 3;
        for (var i = 0; i < failures; i++)
        {
            var failed = await Grpc(client, "api:9090", "--grpc-status", "5", "--send", "no such item");
            failed.ExitCode.ShouldBe(0, failed.ToString());
            failed.Stdout.ShouldContain("grpc-status=5 grpc-message=\"no such item\"");
        }

        // Both proxies counted the gRPC statuses, the server's with the client's identity (mTLS).
        var server = await MeshTests.MetricsAsync(cluster, api.Name);
        MeshTests.Sum(server, "response_total", "grpc_status=\"5\"").ShouldBe(failures);
        server.ShouldContain("src_id=\"spiffe://cluster.local/ns/meshed/sa/client\"");
        server.Split('\n').Where(l => l.Contains("grpc_status=\"5\"", StringComparison.Ordinal) && l.StartsWith("response_total{", StringComparison.Ordinal))
            .ShouldAllBe(l => l.Contains("classification=\"failure\"", StringComparison.Ordinal) && l.Contains("direction=\"inbound\"", StringComparison.Ordinal));
        var outbound = await MeshTests.MetricsAsync(cluster, "client");
        MeshTests.Sum(outbound, "response_total", "grpc_status=\"5\"").ShouldBe(failures);

        // dst_id: the server's SPIFFE ID towards the meshed service, empty towards the unmeshed one.
        (await client.CurlAsync("http://legacy")).ExitCode.ShouldBe(0);
        outbound = await MeshTests.MetricsAsync(cluster, "client");
        var requests = outbound.Split('\n').Where(l => l.StartsWith("request_total{direction=\"outbound\"", StringComparison.Ordinal)).ToList();
        requests.Where(l => l.Contains("authority=\"api:9090\"", StringComparison.Ordinal)).ShouldAllBe(l => l.Contains($"dst_id=\"{Api}\"", StringComparison.Ordinal));
        requests.Where(l => l.Contains("authority=\"legacy\"", StringComparison.Ordinal)).ShouldHaveSingleItem().ShouldContain("dst_id=\"\"");

        // weft top --once: the client's path to the api, with the failures in its success rate.
        var top = cluster.RunAsync("top", "--once", "--interval", "4", "-n", "meshed");
        var stat = cluster.RunAsync("stat", "deploy", "api", "-n", "meshed", "--window", "4", "-o", "json");
        for (var i = 0; i < 8; i++)
        {
            (await Grpc(client, "api:9090", i % 2 == 0 ? "--send" : "--grpc-status", i % 2 == 0 ? "x" : "13")).ExitCode.ShouldBe(0);
        }

        var topResult = await top;
        topResult.ExitCode.ShouldBe(0, topResult.ToString());
        topResult.Stdout.ShouldMatch(@"meshed/client\s+meshed/api\s+api:9090\s+[\d.]+\s+[\d.]+%");
        var statResult = await stat;
        statResult.ExitCode.ShouldBe(0, statResult.ToString());
        using var json = JsonDocument.Parse(statResult.Stdout);
        var row = json.RootElement.EnumerateArray().ShouldHaveSingleItem();
        row.GetProperty("name").GetString().ShouldBe("api");
        row.GetProperty("meshedPods").GetInt32().ShouldBe(1);
        row.GetProperty("rps").GetDouble().ShouldBeGreaterThan(0);
        row.GetProperty("successRate").GetDouble().ShouldBeLessThan(1, "the grpc-status 13 answers are failures");
    }

    private static Task<CliResult> Grpc(PodShell pod, string target, params string[] options) =>
        pod.RunAsync(["dotnet", WeftCli.Dll, "app", "probe", "grpc", target, "--timeout", "5s", .. options]);
}
