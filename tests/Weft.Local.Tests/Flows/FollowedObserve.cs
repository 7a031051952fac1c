using System.Collections.Concurrent;
using System.Diagnostics;
using Weft.Local.Tests.Cluster;

namespace Weft.Local.Tests.Flows;

/// <summary>A running <c>weft observe -f -o json …</c>: collects its lines until disposed (which kills it, by its own PID).</summary>
internal sealed class FollowedObserve : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();

    public FollowedObserve(LocalClusterFixture cluster, params string[] filters)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[WeftCli.Dll, "observe", "--cluster", cluster.Name, "-f", "-o", "json", .. filters])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in cluster.Environment)
        {
            start.Environment[key] = value;
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                lines.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyList<ObservedFlow> Flows => ObservedFlow.Parse(string.Join('\n', lines));

    public bool HasExited => process.HasExited;

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
    }
}
