using System.Diagnostics.Metrics;
using Weft.Flows.Store;

namespace Weft.Flows.Tests.Store;

public sealed class FlowStoreMetricsTests
{
    [Fact]
    public void Collect_StoreThatOverwrote_ReportsRecordedAndLostPerNode()
    {
        var store = new FlowStore("n7", capacity: 2);
        for (var i = 0; i < 5; i++)
        {
            store.Add(Flows.Numbered(i));
        }

        using var metrics = new FlowStoreMetrics([store]);
        var seen = new Dictionary<string, (long Value, string? Node)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == FlowStoreMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? node = null;
            foreach (var tag in tags)
            {
                node = tag.Key == "node" ? tag.Value as string : node;
            }

            seen[instrument.Name] = (value, node);
        });
        listener.Start();
        listener.RecordObservableInstruments();

        seen["weft.flows.recorded"].ShouldBe((5L, "n7"));
        seen["weft.flows.lost"].ShouldBe((3L, "n7"));
    }
}
