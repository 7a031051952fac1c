using Weft.Cli.Commands.Policy;
using Weft.Local.Daemon;

namespace Weft.Cli.Tests.Policy;

/// <summary>A running cluster (or none) for <c>weft policy matrix --cluster</c>; records which cluster was asked for.</summary>
internal sealed class FakeClusterPolicySource(DesiredView? view) : IClusterPolicySource
{
    public List<string> Asked { get; } = [];

    public Task<DesiredView?> ReadAsync(string cluster, CancellationToken cancellationToken)
    {
        Asked.Add(cluster);
        return Task.FromResult(view);
    }
}
