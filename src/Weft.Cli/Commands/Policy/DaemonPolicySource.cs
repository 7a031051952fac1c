using System.Net.Http;
using Weft.Local.Daemon;
using Weft.Local.State;

namespace Weft.Cli.Commands.Policy;

/// <summary>The local cluster's daemon, over its Unix socket (<c>GET /v1/desired</c>).</summary>
internal sealed class DaemonPolicySource : IClusterPolicySource
{
    public static DaemonPolicySource Instance { get; } = new();

    public async Task<DesiredView?> ReadAsync(string cluster, CancellationToken cancellationToken)
    {
        var paths = StatePaths.For(cluster);
        if (!File.Exists(paths.Socket))
        {
            return null;
        }

        // One request, no liveness probe first: a busy daemon answers late rather than being taken for a dead one.
        using var client = new DaemonClient(paths);
        try
        {
            return await client.GetDesiredAsync(cancellationToken);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            return null;
        }
    }
}
