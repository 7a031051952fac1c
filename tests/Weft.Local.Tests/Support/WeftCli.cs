using System.Diagnostics;
using System.Reflection;

namespace Weft.Local.Tests.Support;

/// <summary>
/// Runs the built <c>weft</c> CLI as a separate process: <c>dotnet weft.dll</c> from this test project's output
/// (the project references Weft.Cli, so the build copies it here), else from src/Weft.Cli's output of the same
/// configuration.
/// </summary>
internal static class WeftCli
{
    private static readonly Lazy<string> Dll = new(Locate);

    public static string DllPath => Dll.Value;

    public static string DotnetPath => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetPath) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    public static async Task<CliResult> RunAsync(IEnumerable<string> arguments, string? input = null, IDictionary<string, string>? environment = null)
    {
        using var process = Process.Start(StartInfo(arguments, environment))!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static string Locate()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "weft.dll");
        if (File.Exists(beside))
        {
            return beside;
        }

        var configuration = typeof(WeftCli).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "Weft.Cli", "bin", configuration, "net10.0", "weft.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("weft.dll not found; build src/Weft.Cli first");
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);
