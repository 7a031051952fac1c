namespace Weft.Local.Probes;

/// <summary>
/// Runs one container's readiness probe while the container runs: the first probe at start + initialDelaySeconds,
/// then one every periodSeconds, each bounded by timeoutSeconds, results folded by <see cref="ReadinessTracker"/>.
/// A restart (<see cref="ContainerStarted"/> again) resets readiness to false and starts over. Time from the injected
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed class ReadinessProber : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly ReadinessProbeSpec _spec;
    private readonly IProbeExecutor _executor;
    private readonly string? _networkNamespace;
    private readonly TimeProvider _time;
    private readonly Action<bool, ProbeVerdict> _onResult;
    private CancellationTokenSource? _run;
    private DateTimeOffset _runStartedAt;
    private Task _loop = Task.CompletedTask;

    /// <param name="onResult">Called after every probe with the readiness it leads to and the verdict.</param>
    public ReadinessProber(ReadinessProbeSpec spec, IProbeExecutor executor, string? networkNamespace, TimeProvider time, Action<bool, ProbeVerdict> onResult)
    {
        _spec = spec;
        _executor = executor;
        _networkNamespace = networkNamespace;
        _time = time;
        _onResult = onResult;
    }

    /// <summary>Completes when the current probing run ends (after <see cref="ContainerStopped"/>).</summary>
    public Task Completion
    {
        get
        {
            lock (_gate)
            {
                return _loop;
            }
        }
    }

    /// <summary>The container (re)started at <paramref name="startedAt"/>: start probing from scratch.</summary>
    public void ContainerStarted(DateTimeOffset startedAt)
    {
        lock (_gate)
        {
            // Status listeners call this on every change of a running container (readiness flips included);
            // only a new run restarts probing.
            if (_run is not null && _runStartedAt == startedAt)
            {
                return;
            }

            _runStartedAt = startedAt;
            _run?.Cancel();
            _run = new CancellationTokenSource();
            var token = _run.Token;
            var tracker = new ReadinessTracker(_spec.SuccessThreshold, _spec.FailureThreshold);
            _loop = Task.Run(() => RunAsync(startedAt, tracker, token), CancellationToken.None);
        }
    }

    /// <summary>The container is not running: stop probing.</summary>
    public void ContainerStopped()
    {
        lock (_gate)
        {
            _run?.Cancel();
            _run = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ContainerStopped();
        await Completion;
    }

    private async Task RunAsync(DateTimeOffset startedAt, ReadinessTracker tracker, CancellationToken cancellationToken)
    {
        try
        {
            var first = startedAt + _spec.InitialDelay - _time.GetUtcNow();
            if (first > TimeSpan.Zero)
            {
                await Task.Delay(first, _time, cancellationToken);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                var verdict = await _executor.RunAsync(_spec.Action, _networkNamespace, _spec.Timeout, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                _onResult(tracker.Record(verdict.Success), verdict);
                await Task.Delay(_spec.Period, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The container stopped or restarted; a new run (if any) takes over.
        }
    }
}
