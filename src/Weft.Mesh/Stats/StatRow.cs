namespace Weft.Mesh.Stats;

/// <summary>
/// One workload's inbound golden metrics over a window. Rates and latencies are null when nothing was measured
/// (no proxy, or no request in the window) — shown as "-", never as a misleading 0.
/// </summary>
/// <param name="Namespace">The workload's namespace ("" when grouping by namespace).</param>
/// <param name="SuccessRate">Successes / responses, 0..1.</param>
/// <param name="Rps">Responses per second over the window.</param>
/// <param name="LatencyP50">Seconds; likewise P95 and P99.</param>
/// <param name="TcpConnections">Inbound TCP connections open at the second scrape.</param>
public sealed record StatRow(
    string Namespace,
    string Name,
    int MeshedPods,
    int Pods,
    double? SuccessRate,
    double? Rps,
    double? LatencyP50,
    double? LatencyP95,
    double? LatencyP99,
    long? TcpConnections);
