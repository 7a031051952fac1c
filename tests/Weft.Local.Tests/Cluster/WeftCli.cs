using System.Diagnostics;

namespace Weft.Local.Tests.Cluster;

/// <summary>Runs the real weft CLI (built next to the tests) as a child process, as a user would.</summary>
internal static class WeftCli
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "weft.dll");

    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"weft {string.Join(' ', args)} did not finish in 3 minutes");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
