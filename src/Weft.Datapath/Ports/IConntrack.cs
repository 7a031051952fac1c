namespace Weft.Datapath.Ports;

/// <summary>The conntrack port: deletes connection-tracking entries (<c>conntrack -D</c> in the node's namespace).</summary>
public interface IConntrack
{
    /// <summary>Deletes the entries matching <paramref name="filter"/>; returns how many were deleted, or the failure.</summary>
    Task<ConntrackDeleteResult> DeleteAsync(ConntrackFlowFilter filter, CancellationToken cancellationToken);
}
