using System.Collections.Immutable;
using System.Net;

namespace Weft.Api.Resources;

/// <summary>v1 Pod.</summary>
public sealed record Pod : Resource
{
    public override string Kind => "Pod";

    public override string ApiVersion => "v1";

    public required PodSpec Spec { get; init; }

    /// <summary>Addresses from <c>status.podIP</c>/<c>status.podIPs</c>, when the manifest gives them or the runtime assigned them.</summary>
    public ImmutableArray<IPAddress> PodIPs { get; init; } = [];
}
