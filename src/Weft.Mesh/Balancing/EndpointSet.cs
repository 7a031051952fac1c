using System.Collections.Immutable;
using System.Net;

namespace Weft.Mesh.Balancing;

/// <summary>The ready endpoints of one destination, as the control plane (or the command line) last said.</summary>
public sealed record EndpointSet(ImmutableArray<IPEndPoint> Endpoints)
{
    public static EndpointSet Of(params IPEndPoint[] endpoints) => new([.. endpoints]);
}
