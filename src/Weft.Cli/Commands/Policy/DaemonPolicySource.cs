using Weft.Local.Daemon;
using Weft.Local.State;

namespace Weft.Cli.Commands.Policy;

/// <summary>The local cluster's daemon, over its Unix socket (<c>GET /v1/desired</c>).</summary>
internal sealed class DaemonPolicySource : IClusterPolicySource
{
    public static DaemonPolicySource Instance { get; } = new();

    public async Task<DesiredView?> ReadAsync(string cluster, CancellationToken cancellationToken)
    {
        using var client = new DaemonClient(StatePaths.For(cluster));
        return await client.IsAliveAsync(cancellationToken) ? await client.GetDesiredAsync(cancellationToken) : null;
    }
}
