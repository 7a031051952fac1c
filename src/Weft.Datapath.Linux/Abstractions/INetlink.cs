using Weft.Datapath.Linux.Abstractions.Operations;

namespace Weft.Datapath.Linux.Abstractions;

/// <summary>Links, addresses, routes and neighbours of a network namespace (null: the caller's).</summary>
public interface INetlink
{
    /// <summary>
    /// Applies <paramref name="operations"/> in order in one batch; throws <see cref="KernelOperationException"/>
    /// at the first failure (earlier operations stay applied).
    /// </summary>
    Task ApplyAsync(NetnsRef? netns, IReadOnlyList<NetlinkOperation> operations, CancellationToken cancellationToken);

    /// <summary>Deletes a link; false when it does not exist (idempotent teardown).</summary>
    Task<bool> DeleteLinkAsync(NetnsRef? netns, string name, CancellationToken cancellationToken);

    /// <summary>Links whose name starts with <paramref name="prefix"/> (all when null).</summary>
    Task<IReadOnlyList<LinkInfo>> ListLinksAsync(NetnsRef? netns, string? prefix, CancellationToken cancellationToken);

    Task<IReadOnlyList<AddressInfo>> ListAddressesAsync(NetnsRef? netns, string? device, CancellationToken cancellationToken);

    /// <summary>Routes of the main table for both families, optionally only those through <paramref name="device"/>.</summary>
    Task<IReadOnlyList<RouteInfo>> ListRoutesAsync(NetnsRef? netns, string? device, CancellationToken cancellationToken);
}
