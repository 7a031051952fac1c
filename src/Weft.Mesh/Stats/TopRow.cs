namespace Weft.Mesh.Stats;

/// <summary>
/// One path of <c>weft top</c>: traffic from a source to a destination for one authority (the proxy's metrics carry
/// no method or path, so the authority is the finest grain), with its rate, success rate and latency.
/// </summary>
/// <param name="Source">A workload (ns/name), an identity (ns/sa/name) or "(unmeshed)".</param>
/// <param name="Destination">Likewise.</param>
public sealed record TopRow(string Source, string Destination, string Authority, double Rps, double? SuccessRate, double? LatencyP50, double? LatencyP99);
