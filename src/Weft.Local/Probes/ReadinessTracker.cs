namespace Weft.Local.Probes;

/// <summary>
/// Kubelet's threshold logic for one probe (pkg/kubelet/prober/worker.go), pure: results count in runs of equal
/// results; readiness flips to true after <c>successThreshold</c> consecutive successes and to false after
/// <c>failureThreshold</c> consecutive failures. A readiness probe starts not ready, and resets when the container restarts.
/// </summary>
public sealed class ReadinessTracker
{
    private readonly int _successThreshold;
    private readonly int _failureThreshold;
    private bool? _lastResult;
    private int _run;

    public ReadinessTracker(int successThreshold, int failureThreshold)
    {
        _successThreshold = Math.Max(1, successThreshold);
        _failureThreshold = Math.Max(1, failureThreshold);
    }

    public bool Ready { get; private set; }

    /// <summary>Records one probe result and returns the readiness after it.</summary>
    public bool Record(bool success)
    {
        if (_lastResult == success)
        {
            _run++;
        }
        else
        {
            _lastResult = success;
            _run = 1;
        }

        if (success && _run >= _successThreshold)
        {
            Ready = true;
        }
        else if (!success && _run >= _failureThreshold)
        {
            Ready = false;
        }

        return Ready;
    }

    /// <summary>The container restarted: back to not ready with no history.</summary>
    public void Reset()
    {
        Ready = false;
        _lastResult = null;
        _run = 0;
    }
}
