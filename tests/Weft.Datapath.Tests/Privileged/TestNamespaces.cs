using System.Diagnostics;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Processes;

namespace Weft.Datapath.Tests.Privileged;

/// <summary>
/// The namespaces a privileged testbed creates and the processes it starts in them: everything added here is
/// stopped (by its own PID) and deleted by <see cref="DisposeAsync"/>, also after a setup that failed halfway.
/// </summary>
internal sealed class TestNamespaces
{
    private readonly SystemProcessRunner runner = SystemProcessRunner.Instance;
    private readonly List<Process> processes = [];
    private readonly List<string> namespaces = [];

    /// <summary>Creates namespace <paramref name="ns"/> with its loopback up.</summary>
    public async Task AddAsync(string ns)
    {
        await Ip("netns", "add", ns);
        namespaces.Add(ns);
        await Ip("-n", ns, "link", "set", "lo", "up");
    }

    /// <summary>Runs a command inside a namespace and returns its result.</summary>
    public Task<ProcessResult> Exec(string ns, params string[] command) => Run("ip", ["netns", "exec", ns, .. command]);

    /// <summary>Starts a long-running command inside a namespace with redirected standard streams; stopped on dispose.</summary>
    public Process Start(string ns, params string[] command)
    {
        var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "netns", "exec", ns }.Concat(command))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        processes.Add(process);
        return process;
    }

    /// <summary>Runs <c>ip</c> with <paramref name="arguments"/>; a failure throws with the command and its stderr.</summary>
    public async Task Ip(params string[] arguments)
    {
        var result = await Run("ip", arguments);
        if (!result.Succeeded)
        {
            throw new KernelOperationException($"ip {string.Join(' ', arguments)}", result.ExitCode, result.StandardError);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var process in processes)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            process.Dispose();
        }

        foreach (var ns in namespaces)
        {
            await Run("ip", "netns", "del", ns);
        }
    }

    private Task<ProcessResult> Run(string fileName, params string[] arguments) =>
        runner.RunAsync(new ProcessRequest { FileName = fileName, Arguments = arguments }, CancellationToken.None);
}
