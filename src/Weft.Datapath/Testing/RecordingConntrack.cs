using Weft.Datapath.Ports;

namespace Weft.Datapath.Testing;

/// <summary>An <see cref="IConntrack"/> for tests that records every deletion it is asked for.</summary>
public sealed class RecordingConntrack : IConntrack
{
    private readonly Lock gate = new();

    public List<ConntrackFlowFilter> Deleted { get; } = [];

    public Task<ConntrackDeleteResult> DeleteAsync(ConntrackFlowFilter filter, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Deleted.Add(filter);
        }

        return Task.FromResult(new ConntrackDeleteResult(true, 0));
    }
}
