using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Weft.Local.Probes;
using Weft.Local.Tests.Cluster;
using Weft.Local.Tests.Services;
using Weft.Mesh.Tests.Support;

namespace Weft.Local.Tests.Mesh;

/// <summary>
/// Privileged end-to-end test of span export from the sidecars: the daemon hands its OTLP endpoint to every sidecar;
/// a request from the meshed client to the meshed server yields a CLIENT span (client's sidecar) and a SERVER span
/// (server's sidecar) in one trace, continued from the caller's traceparent.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed class MeshTracingTests
{
    // A fixed ClusterIP for the collector service, so the daemon can be given the endpoint before the cluster exists.
    private const string CollectorIp = "10.96.200.77";
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string CallerSpan = "00f067aa0ba902b7";

    private const string CollectorManifest = $$"""

        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: otel
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: collector
          namespace: otel
          labels: {app: collector}
        spec:
          containers:
          - name: main
            command: ["sleep"]
            args: ["3600"]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: collector
          namespace: otel
        spec:
          clusterIP: {{CollectorIp}}
          selector: {app: collector}
          ports:
          - {name: otlp, port: 4318, targetPort: 4318}
        """;

    [Fact]
    public async Task Mesh_WithOtlpEndpoint_ClientAndServerSidecarsExportOneChainedTrace()
    {
        await using var cluster = new LocalClusterFixture(new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://{CollectorIp}:4318" });
        var up = await cluster.RunAsync("up", "-f", Cluster.Manifests.Write(MeshManifests.Demo + CollectorManifest));
        up.ExitCode.ShouldBe(0, up.ToString());
        await cluster.WaitForPodsAsync(p => p.Count == 5 && p.All(x => x.Ready), TimeSpan.FromSeconds(90));

        // The collector: a real OTLP/HTTP receiver in this process, its socket made inside the (unmeshed) collector
        // pod's network namespace, so the sidecars reach it through the collector service like any pod.
        var sockets = new NetnsSocketFactory($"{cluster.Prefix}pod-otel_collector");
        await using var receiver = await OtlpReceiver.StartAsync(new IPEndPoint(IPAddress.Any, 4318), endpoint =>
        {
            var socket = sockets.Create(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(endpoint);
            return socket;
        });
        var client = new PodShell(cluster, "client", MeshManifests.Namespace);
        await PodShell.EventuallyAsync(async () => (await client.CurlAsync("http://server")).ExitCode == 0, "curl from the meshed client");

        var reply = await client.RunAsync("curl", "-s", "--max-time", "3", "-H", $"traceparent: 00-{TraceId}-{CallerSpan}-01", "http://server");
        reply.ExitCode.ShouldBe(0, reply.ToString());

        // The sidecars export in batches (every 5 s by default): wait for both spans, bounded.
        var waited = Stopwatch.StartNew();
        var spans = new List<OtlpSpan>();
        while (spans.Count < 2 && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(250);
            spans = [.. receiver.Spans.Where(s => s.TraceId == TraceId)];
        }

        var outbound = spans.Single(s => s.Kind == OtlpSpan.KindClient);
        var inbound = spans.Single(s => s.Kind == OtlpSpan.KindServer);
        outbound.ParentSpanId.ShouldBe(CallerSpan);
        inbound.ParentSpanId.ShouldBe(outbound.SpanId, "client sidecar → server sidecar: one chain");
        outbound.ServiceName.ShouldBe("weft-proxy");
        outbound.Attributes["weft.src_id"].ShouldBe("spiffe://cluster.local/ns/meshed/sa/client");
        outbound.Attributes["weft.dst_id"].ShouldBe("spiffe://cluster.local/ns/meshed/sa/server");
        inbound.Attributes["weft.src_id"].ShouldBe("spiffe://cluster.local/ns/meshed/sa/client", "the server sidecar's proven client identity");
        inbound.Attributes["weft.dst_id"].ShouldBe("spiffe://cluster.local/ns/meshed/sa/server");
        receiver.Spans.ShouldNotContain(s => s.Attributes.GetValueOrDefault("url.path") == "/v1/traces", "the sidecars' own exports bypass their proxies");
    }
}
