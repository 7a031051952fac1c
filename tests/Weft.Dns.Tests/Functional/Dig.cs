using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Weft.Dns.Tests.Functional;

/// <summary>Runs Debian's dig (dnsutils) against a server on loopback and splits its output into sections.</summary>
internal static partial class Dig
{
    public static async Task<DigResult> RunAsync(IPEndPoint server, params string[] args)
    {
        IPAddress.IsLoopback(server.Address).ShouldBeTrue("tests query loopback only");
        var start = new ProcessStartInfo("dig")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"@{server.Address}", "-p", server.Port.ToString(), "+time=5", "+tries=1" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dig did not start (install dnsutils)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output;
        process.ExitCode.ShouldBe(0, $"dig {string.Join(' ', args)} failed: {await error}\n{text}");
        return new DigResult(text);
    }

    [GeneratedRegex(@"\s+")]
    public static partial Regex Whitespace();
}
