using System.Globalization;
using Weft.Datapath.Linux.Abstractions;

namespace Weft.Local.Runtime;

/// <summary>The processes living in a network namespace, as <c>ip netns pids</c> reports them.</summary>
public static class NetnsProcesses
{
    public static async Task<IReadOnlyList<int>> ListAsync(IProcessRunner runner, string netnsName, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new ProcessRequest { FileName = "ip", Arguments = ["netns", "pids", netnsName] }, cancellationToken);
        if (result.ExitCode != 0)
        {
            return [];
        }

        return result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId)
            .ToList();
    }

    /// <summary>SIGTERM to all, wait up to <paramref name="grace"/>, then SIGKILL to what remains; returns the PIDs stopped.</summary>
    public static async Task<IReadOnlyList<int>> StopAllAsync(
        IProcessRunner runner, string netnsName, TimeSpan grace, TimeProvider time, CancellationToken cancellationToken)
    {
        var pids = await ListAsync(runner, netnsName, cancellationToken);
        if (pids.Count == 0)
        {
            return pids;
        }

        await SignalAsync(runner, "TERM", pids, cancellationToken);
        var deadline = time.GetUtcNow() + grace;
        while (time.GetUtcNow() < deadline && (await ListAsync(runner, netnsName, cancellationToken)).Count > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }

        var left = await ListAsync(runner, netnsName, cancellationToken);
        if (left.Count > 0)
        {
            await SignalAsync(runner, "KILL", left, cancellationToken);
        }

        return pids;
    }

    private static Task<ProcessResult> SignalAsync(IProcessRunner runner, string signal, IReadOnlyList<int> pids, CancellationToken cancellationToken) =>
        runner.RunAsync(new ProcessRequest
        {
            FileName = "kill",
            Arguments = [$"-{signal}", .. pids.Select(p => p.ToString(CultureInfo.InvariantCulture))],
        }, cancellationToken);
}
