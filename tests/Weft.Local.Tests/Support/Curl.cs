using System.Diagnostics;

namespace Weft.Local.Tests.Support;

/// <summary>The real curl, so the echo app is checked against a client we did not write.</summary>
internal static class Curl
{
    public static async Task<CliResult> GetAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("curl") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-sS", "--max-time", "10", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
