using System.Diagnostics;

namespace Weft.Flows.Tests.Privileged;

/// <summary>Runs iproute2/nft/conntrack for test setup; failures carry the command, exit code and stderr.</summary>
internal static class Shell
{
    public static string Run(string file, IEnumerable<string> arguments, string? stdin = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {error.Trim()}");
        }

        return output.Result;
    }

    public static string Ip(params string[] arguments) => Run("ip", arguments);

    public static string InNamespace(string ns, string file, params string[] arguments) =>
        Run("ip", ["netns", "exec", ns, file, .. arguments]);

    public static void TryIp(params string[] arguments)
    {
        try
        {
            Run("ip", arguments);
        }
        catch (InvalidOperationException)
        {
            // Cleanup of something that may not exist.
        }
    }
}
