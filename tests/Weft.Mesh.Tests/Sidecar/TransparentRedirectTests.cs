using System.Diagnostics;
using Weft.Mesh.Sidecar;

namespace Weft.Mesh.Tests.Sidecar;

/// <summary>
/// Privileged end-to-end (CI runs as root): two scratch network namespaces joined by a veth pair; the client side
/// gets the rendered redirect rules and a transparent weft-proxy; a plain HTTP client there reaches a server in
/// the other namespace through the proxy, which found the original destination with SO_ORIGINAL_DST.
/// </summary>
public sealed class TransparentRedirectTests
{
    [Fact]
    public async Task RedirectedOutboundConnection_GoesThroughProxyToOriginalDestination()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        string client = $"wtmesh-{id}-a", server = $"wtmesh-{id}-b";
        var processes = new List<Process>();
        try
        {
            await Must("ip", $"netns add {client}");
            await Must("ip", $"netns add {server}");
            await Must("ip", $"-n {client} link add wtm{id}a type veth peer name wtm{id}b netns {server}");
            await Must("ip", $"-n {client} addr add 10.231.7.1/30 dev wtm{id}a");
            await Must("ip", $"-n {server} addr add 10.231.7.2/30 dev wtm{id}b");
            foreach (var (ns, dev) in new[] { (client, $"wtm{id}a"), (server, $"wtm{id}b"), (client, "lo"), (server, "lo") })
                await Must("ip", $"-n {ns} link set {dev} up");
            await Must("ip", $"netns exec {client} nft -f -", RedirectRules.Render(new RedirectPlan()));

            processes.Add(Start("ip", $"netns exec {server} python3 -m http.server 8080 --bind 10.231.7.2"));
            var proxyDll = Path.Combine(AppContext.BaseDirectory, "weft-proxy.dll");
            processes.Add(Start("ip", $"netns exec {client} dotnet {proxyDll} --listen 127.0.0.1:4140 --transparent --socket-mark 0x4d5754 --admin 127.0.0.1:4191"));

            // Wait (bounded) until both processes answer; then the real check.
            string status = "";
            var deadline = Stopwatch.StartNew();
            while (status != "200" && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                status = (await Output("ip", $"netns exec {client} curl -s -m 2 -o /dev/null -w %{{http_code}} http://10.231.7.2:8080/")).Trim();
                if (status != "200") await Task.Delay(200);
            }

            status.ShouldBe("200");
            var metrics = await Output("ip", $"netns exec {client} curl -s -m 2 http://127.0.0.1:4191/metrics");
            metrics.ShouldContain("request_total{direction=\"outbound\",authority=\"10.231.7.2:8080\"");
        }
        finally
        {
            foreach (var p in processes)
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                p.Dispose();
            }

            await Output("ip", $"netns delete {client}");
            await Output("ip", $"netns delete {server}");
        }
    }

    private static Process Start(string file, string args) =>
        Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = false, RedirectStandardError = false, UseShellExecute = false })!;

    private static async Task Must(string file, string args, string? stdin = null)
    {
        var (code, output) = await Run(file, args, stdin);
        code.ShouldBe(0, $"{file} {args}: {output}");
    }

    private static async Task<string> Output(string file, string args) => (await Run(file, args, null)).Output;

    private static async Task<(int Code, string Output)> Run(string file, string args, string? stdin)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true })!;
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, output);
    }
}
