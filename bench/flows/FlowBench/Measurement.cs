using System.Diagnostics;

namespace Weft.Flows.Bench;

/// <summary>Wall time, process CPU time, allocations and peak working set around a piece of work.</summary>
internal sealed class Measurement
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _allocated = GC.GetTotalAllocatedBytes(precise: true);
    private TimeSpan? _lastEvent;

    /// <summary>Notes the time of the latest event, so that a reader's idle wait after the last one is not counted.</summary>
    public void MarkEvent() => _lastEvent = _wall.Elapsed;

    public string Report(string what, long events)
    {
        var wall = _lastEvent ?? _wall.Elapsed;
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime - _cpu;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocated;
        return $"{what}: {events:N0} events in {wall.TotalSeconds:F2} s = {events / wall.TotalSeconds:N0} events/s; "
            + $"CPU {cpu.TotalSeconds:F2} s ({cpu / wall * 100:F0}% of one core, {events / Math.Max(cpu.TotalSeconds, 1e-9):N0} events per CPU-second); "
            + $"allocated {allocated / (double)events:F0} B/event; peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MiB; "
            + $"managed heap {GC.GetTotalMemory(false) / 1048576.0:F0} MiB";
    }
}
