using Weft.Local.Daemon;

namespace Weft.Local.Runtime;

/// <summary>The running containers of one pod: supervised (restarts, probes) until stopped.</summary>
public interface IPodContainers
{
    IReadOnlyList<ContainerView> Status();

    /// <summary>Stops every container (SIGTERM, then SIGKILL after <paramref name="grace"/>) and waits for them.</summary>
    Task StopAsync(TimeSpan grace, CancellationToken cancellationToken);
}
