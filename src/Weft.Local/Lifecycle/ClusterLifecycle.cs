using Weft.Local.Apps;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Weft.Datapath.Linux.Abstractions;
using Weft.Local.Cluster;
using Weft.Local.Daemon;
using Weft.Local.Runtime;
using Weft.Local.State;
using Weft.Local.Topology;

namespace Weft.Local.Lifecycle;

/// <summary>
/// Creates, repairs and removes local clusters: the parts of <c>weft up</c> and <c>weft down</c> that run in the
/// CLI process before the daemon takes over (state directory, underlay and nodes, CNI install, daemon start).
/// </summary>
public sealed class ClusterLifecycle(IProcessRunner runner, INetns netns, TimeProvider time, WeftCommandLine weft)
{
    /// <summary>
    /// Makes sure the cluster exists and its daemon runs. A cluster left behind by a crash is repaired: a broken
    /// topology is removed and rebuilt, a dead daemon is restarted (and it tears down and recreates every pod).
    /// </summary>
    public async Task<(ClusterRecord Record, bool Created)> EnsureAsync(ClusterSpec requested, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var paths = StatePaths.For(requested.Name);
        var record = JsonFile.Read<ClusterRecord>(paths.ClusterFile);
        var created = record is null;
        if (record is null)
        {
            record = ClusterRecord.From(requested, time.GetUtcNow());
            JsonFile.Write(paths.ClusterFile, record);
        }

        var layout = ClusterLayout.For(record.ToSpec());
        using var client = new DaemonClient(paths);
        var daemonAlive = await client.IsAliveAsync(cancellationToken);
        var applier = new TopologyApplier(runner, netns);
        if (!await applier.IsIntactAsync(layout, cancellationToken))
        {
            if (!created)
            {
                progress.Report("repairing: the cluster's nodes are incomplete, rebuilding them");
            }

            if (daemonAlive)
            {
                await client.ShutdownAsync(cancellationToken);
                await WaitForDaemonExitAsync(paths, cancellationToken);
                daemonAlive = false;
            }

            await RemoveNamespacesAsync(layout, cancellationToken);
            progress.Report($"creating {layout.Nodes.Length} nodes ({layout.Spec.Routing.ToString().ToLowerInvariant()} routing)");
            await applier.ApplyAsync(TopologyPlanner.Plan(layout), cancellationToken);
        }

        await InstallCniAsync(layout, paths, cancellationToken);
        if (!daemonAlive)
        {
            if (!created)
            {
                progress.Report("starting the cluster daemon (it recreates every pod)");
            }

            await StartDaemonAsync(paths, cancellationToken);
        }

        return (record, created);
    }

    /// <summary>Removes everything the cluster made; returns a line per kind of thing removed.</summary>
    public async Task<IReadOnlyList<string>> DownAsync(string cluster, CancellationToken cancellationToken)
    {
        var paths = StatePaths.For(cluster);
        var report = new List<string>();
        var record = JsonFile.Read<ClusterRecord>(paths.ClusterFile);
        using (var client = new DaemonClient(paths))
        {
            if (await client.IsAliveAsync(cancellationToken))
            {
                await client.ShutdownAsync(cancellationToken);
                await WaitForDaemonExitAsync(paths, cancellationToken);
                report.Add("stopped the cluster daemon");
            }
        }

        var daemon = ReadDaemonPid(paths);
        if (daemon is { } pid && IsWeftDaemon(pid, cluster))
        {
            Process.GetProcessById(pid).Kill();
            report.Add($"killed the unresponsive cluster daemon (pid {pid})");
        }

        var spec = record?.ToSpec() ?? new ClusterSpec { Name = cluster };
        var layout = ClusterLayout.For(spec);
        var (namespaces, processes) = await RemoveNamespacesAsync(layout, cancellationToken);
        if (processes > 0)
        {
            report.Add($"stopped {processes} pod processes");
        }

        if (namespaces > 0)
        {
            report.Add($"deleted {namespaces} network namespaces (and every link inside them)");
        }

        var etc = Directory.Exists("/etc/netns") ? Directory.GetDirectories("/etc/netns", layout.Prefix + "*") : [];
        foreach (var dir in etc)
        {
            Directory.Delete(dir, recursive: true);
        }

        if (Directory.Exists(paths.Directory))
        {
            Directory.Delete(paths.Directory, recursive: true);
            report.Add($"removed {paths.Directory}");
        }

        return report;
    }

    /// <summary>Names of the clusters that have state on this machine.</summary>
    public static IReadOnlyList<ClusterRecord> List()
    {
        var root = StatePaths.ResolveRoot();
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.GetDirectories(root)
            .Select(d => JsonFile.Read<ClusterRecord>(Path.Combine(d, "cluster.json")))
            .OfType<ClusterRecord>()
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<(int Namespaces, int Processes)> RemoveNamespacesAsync(ClusterLayout layout, CancellationToken cancellationToken)
    {
        var namespaces = 0;
        var processes = 0;

        // Pods first, then nodes, then the underlay: every process inside goes before its namespace.
        var names = netns.List(layout.Prefix)
            .OrderBy(n => n.StartsWith(layout.Prefix + "pod-", StringComparison.Ordinal) ? 0 : n == layout.UnderlayNetns ? 2 : 1)
            .ToList();
        foreach (var name in names)
        {
            processes += (await NetnsProcesses.StopAllAsync(runner, name, TimeSpan.FromSeconds(5), time, cancellationToken)).Count;
            if (await netns.DeleteAsync(name, cancellationToken))
            {
                namespaces++;
            }
        }

        return (namespaces, processes);
    }

    private async Task InstallCniAsync(ClusterLayout layout, StatePaths paths, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new ProcessRequest
        {
            FileName = weft.FileName,
            Arguments = weft.Arguments("cni", "install", "--bin-dir", paths.CniBinDirectory),
        }, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new KernelOperationException("weft cni install", result.ExitCode, result.StandardError);
        }

        Directory.CreateDirectory(paths.CniConfDirectory);
        foreach (var node in layout.Nodes)
        {
            var conf = new JsonObject
            {
                ["cniVersion"] = "1.0.0",
                ["name"] = $"weft-{layout.Spec.Name}",
                ["plugins"] = new JsonArray(new JsonObject
                {
                    ["type"] = "weft",
                    ["ipam"] = new JsonObject
                    {
                        ["type"] = "weft-ipam",
                        ["ranges"] = new JsonArray(new JsonArray(new JsonObject { ["subnet"] = node.PodCidr.ToString() })),
                        ["dataDir"] = Path.Combine(paths.IpamDirectory, node.Name),
                    },
                }),
            };
            await File.WriteAllTextAsync(Path.Combine(paths.CniConfDirectory, $"{node.Name}.conflist"), conf.ToJsonString(), cancellationToken);
        }
    }

    private async Task StartDaemonAsync(StatePaths paths, CancellationToken cancellationToken)
    {
        // setsid: the daemon outlives this command and is not in its session (Ctrl-C here does not stop it).
        var command = string.Join(' ', new[] { weft.FileName }.Concat(weft.Arguments("daemon", "--cluster", paths.Cluster)).Select(Quote));
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"exec setsid {command} >>{Quote(paths.DaemonLog)} 2>&1 </dev/null &"])
        {
            UseShellExecute = false,
        };
        using (var shell = Process.Start(start) ?? throw new InvalidOperationException("cannot start /bin/sh"))
        {
            await shell.WaitForExitAsync(cancellationToken);
        }

        using var client = new DaemonClient(paths);
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (!await client.IsAliveAsync(cancellationToken))
        {
            if (time.GetUtcNow() > deadline)
            {
                var log = File.Exists(paths.DaemonLog) ? await File.ReadAllTextAsync(paths.DaemonLog, cancellationToken) : "";
                throw new InvalidOperationException($"the cluster daemon did not start; its log ({paths.DaemonLog}) ends with:\n{Tail(log, 20)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    private async Task WaitForDaemonExitAsync(StatePaths paths, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (ReadDaemonPid(paths) is { } pid && IsWeftDaemon(pid, paths.Cluster) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }

    private static int? ReadDaemonPid(StatePaths paths) =>
        File.Exists(paths.DaemonPidFile) && int.TryParse(File.ReadAllText(paths.DaemonPidFile).Trim(), out var pid) ? pid : null;

    /// <summary>True when <paramref name="pid"/> is this cluster's daemon, not a process that reused its PID.</summary>
    private static bool IsWeftDaemon(int pid, string cluster)
    {
        try
        {
            var args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return args.Contains("daemon") && args.Contains(cluster);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));
}
