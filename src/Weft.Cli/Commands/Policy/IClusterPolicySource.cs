using Weft.Local.Daemon;

namespace Weft.Cli.Commands.Policy;

/// <summary>Where <c>weft policy matrix --cluster</c> reads a running cluster's desired state and pods from.</summary>
internal interface IClusterPolicySource
{
    /// <summary>The cluster's desired state and running pods, or null when no daemon of that name answers.</summary>
    Task<DesiredView?> ReadAsync(string cluster, CancellationToken cancellationToken);
}
