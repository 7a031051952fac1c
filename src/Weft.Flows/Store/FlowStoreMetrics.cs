using System.Diagnostics.Metrics;

namespace Weft.Flows.Store;

/// <summary>
/// Publishes the flow rings' counters on the <c>Weft.Flows</c> meter: <c>weft.flows.recorded</c> (flows ever stored)
/// and <c>weft.flows.lost</c> (flows overwritten before anyone could be sure to have read them), tagged by node.
/// Observable instruments read the stores when collected, so recording a flow costs nothing extra.
/// </summary>
public sealed class FlowStoreMetrics : IDisposable
{
    public const string MeterName = "Weft.Flows";

    private readonly Meter _meter;

    public FlowStoreMetrics(IReadOnlyList<FlowStore> stores, IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableCounter(
            "weft.flows.recorded",
            () => stores.Select(s => new Measurement<long>(s.TotalFlows, new KeyValuePair<string, object?>("node", s.Node))),
            unit: "{flow}",
            description: "Flows recorded in the node's flow ring.");
        _meter.CreateObservableCounter(
            "weft.flows.lost",
            () => stores.Select(s => new Measurement<long>(s.LostFlows, new KeyValuePair<string, object?>("node", s.Node))),
            unit: "{flow}",
            description: "Flows overwritten in the node's flow ring before they were read (ring too small for the rate).");
    }

    public void Dispose() => _meter.Dispose();
}
