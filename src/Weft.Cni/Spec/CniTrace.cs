namespace Weft.Cni.Spec;

/// <summary>
/// Phase timings on stderr when WEFT_CNI_TRACE is set (wall-clock milliseconds since the epoch, so they line up
/// with the caller's clock): how the CNI latency benchmark's numbers break down. Silent otherwise.
/// </summary>
public static class CniTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("WEFT_CNI_TRACE") is { Length: > 0 };

    public static void Mark(string phase)
    {
        if (Enabled)
        {
            Console.Error.WriteLine($"weft-cni trace {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % 100000:D5} {phase}");
        }
    }
}
