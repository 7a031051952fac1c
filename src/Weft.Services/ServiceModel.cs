using System.Collections.Immutable;
using Weft.Api.Resources;
using Weft.Services.Model;

namespace Weft.Services;

/// <summary>
/// The compiled, immutable state of every service: allocations, ports and backends, plus the EndpointSlices
/// (generated and user-provided) they came from. Each successful compile yields a new revision; readers hold
/// a reference and never lock.
/// </summary>
public sealed record ServiceModel
{
    public static ServiceModel Empty { get; } = new();

    public long Revision { get; init; }

    /// <summary>Services keyed by <c>namespace/name</c>.</summary>
    public ImmutableSortedDictionary<string, ServiceEntry> Services { get; init; } =
        ImmutableSortedDictionary<string, ServiceEntry>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Every EndpointSlice in effect, sorted by namespace then name.</summary>
    public ImmutableArray<EndpointSlice> EndpointSlices { get; init; } = [];
}
