using System.Diagnostics;
using System.Text.RegularExpressions;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Http2;

/// <summary>Real HTTP/2 clients (nghttp2's h2load, curl) through the fast path.</summary>
public sealed partial class Http2ClientToolsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task H2load_2000RequestsOver4ConnectionsWith32Streams_AllSucceedAndAreCounted()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2]);

        var (code, output) = await RunAsync("h2load", "-n", "2000", "-c", "4", "-m", "32", proxy.Url().ToString());
        await H2Metrics.WaitForResponsesAsync(proxy, 2000);

        output += proxy.Metrics.ToPrometheusText();
        code.ShouldBe(0, output);
        var status = RequestsLine().Match(output);
        status.Success.ShouldBeTrue(output);
        status.Groups["succeeded"].Value.ShouldBe("2000", output);
        output.ShouldContain("2000 2xx", Case.Sensitive, output);
        H2Metrics.Sum(proxy, "request_total").ShouldBe(2000);
        H2Metrics.Sum(proxy, "response_total", ("status_code", "200")).ShouldBe(2000);
        upstream.Requests.ShouldBe(2000);
    }

    [Fact]
    public async Task Curl_PriorKnowledge_GetsTheResponseOverHttp2()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2]);

        var (code, output) = await RunAsync("curl", "-sS", "-i", "--http2-prior-knowledge", proxy.Url().ToString());

        code.ShouldBe(0, output);
        output.ShouldStartWith("HTTP/2 200");
        output.ShouldContain("x-seen-protocol: HTTP/2");
        output.ShouldEndWith("hello");
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Bound);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"requests: (?<total>\d+) total, \d+ started, \d+ done, (?<succeeded>\d+) succeeded")]
    private static partial Regex RequestsLine();
}
