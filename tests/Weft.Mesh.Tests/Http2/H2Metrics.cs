using Weft.Mesh.Hosting;
using Weft.Mesh.Stats;

namespace Weft.Mesh.Tests.Http2;

/// <summary>Reads counters of a proxy's /metrics text for assertions.</summary>
internal static class H2Metrics
{
    public static double Sum(ProxyServer proxy, string metric, params (string Name, string Value)[] labels)
    {
        var total = 0.0;
        foreach (var sample in MetricsText.Parse(proxy.Metrics.ToPrometheusText()))
        {
            if (sample.Name != metric) continue;
            var match = true;
            foreach (var (name, value) in labels) match &= sample.Label(name) == value;
            if (match) total += sample.Value;
        }

        return total;
    }

    /// <summary>Waits (bounded, without sleeping) until the proxy has completed <paramref name="count"/> responses.</summary>
    public static async Task WaitForResponsesAsync(ProxyServer proxy, double count, params (string Name, string Value)[] labels)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (Sum(proxy, "response_total", labels) < count && DateTime.UtcNow < deadline) await Task.Yield();
    }
}
