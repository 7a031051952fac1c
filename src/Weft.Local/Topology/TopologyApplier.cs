using Weft.Datapath.Linux.Abstractions;
using Weft.Local.Cluster;

namespace Weft.Local.Topology;

/// <summary>
/// Applies a <see cref="TopologyPlan"/> to the kernel: creates the namespaces, then runs each namespace's command
/// batch in one <c>ip -batch</c> process. Creation is all or nothing: on any failure every namespace of the plan is
/// deleted again, so the next <c>weft up</c> starts clean.
/// </summary>
public sealed class TopologyApplier(IProcessRunner runner, INetns netns)
{
    public async Task ApplyAsync(TopologyPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var name in plan.Namespaces)
            {
                await netns.CreateAsync(name, cancellationToken);
            }

            foreach (var step in plan.Steps)
            {
                await RunBatchAsync("ip", step.Netns, step.Ip, cancellationToken);
                await RunBatchAsync("bridge", step.Netns, step.Bridge, cancellationToken);
                foreach (var (key, value) in step.Sysctls)
                {
                    await netns.RunInAsync(NetnsRef.Named(step.Netns), () =>
                    {
                        File.WriteAllText($"/proc/sys/{key}", value);
                        return true;
                    }, cancellationToken);
                }
            }
        }
        catch
        {
            await DeleteAsync(plan, CancellationToken.None);
            throw;
        }
    }

    /// <summary>True when every namespace of the plan exists and every node still has its underlay link.</summary>
    public async Task<bool> IsIntactAsync(ClusterLayout layout, CancellationToken cancellationToken)
    {
        var existing = netns.List(layout.Prefix).ToHashSet(StringComparer.Ordinal);
        if (!existing.Contains(layout.UnderlayNetns) || layout.Nodes.Any(n => !existing.Contains(n.Netns)))
        {
            return false;
        }

        foreach (var node in layout.Nodes)
        {
            var result = await runner.RunAsync(new ProcessRequest
            {
                FileName = "ip",
                Arguments = ["-n", node.Netns, "addr", "show", "dev", ClusterLayout.NodeUplink],
            }, cancellationToken);
            if (result.ExitCode != 0 || !result.StandardOutput.Contains($" {node.UnderlayAddress}/", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Deletes the plan's namespaces (links inside them go with them); returns the names deleted.</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(TopologyPlan plan, CancellationToken cancellationToken)
    {
        var deleted = new List<string>();
        foreach (var name in plan.Namespaces.Reverse())
        {
            if (await netns.DeleteAsync(name, cancellationToken))
            {
                deleted.Add(name);
            }
        }

        return deleted;
    }

    private async Task RunBatchAsync(string tool, string ns, IReadOnlyList<string> commands, CancellationToken cancellationToken)
    {
        if (commands.Count == 0)
        {
            return;
        }

        var request = new ProcessRequest
        {
            FileName = tool,
            Arguments = ["-n", ns, "-batch", "-"],
            StandardInput = string.Join('\n', commands) + "\n",
        };
        var result = await runner.RunAsync(request, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new KernelOperationException($"{tool} -n {ns} -batch", result.ExitCode, result.StandardError);
        }
    }
}
