using Weft.Local.Processes;

namespace Weft.Local.Supervision;

/// <summary>
/// Runs one container's process and keeps it running per its <see cref="ContainerLifecycle"/>: launch, wait for
/// exit, back off, relaunch. The thin async shell around the pure lifecycle; time comes from the injected
/// <see cref="TimeProvider"/> and processes from the <see cref="IProcessLauncher"/> port, so unit tests drive it with
/// fakes and never sleep. Each started process is recorded in the <see cref="ProcessRecordStore"/> while it runs.
/// </summary>
public sealed class ContainerSupervisor : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly ContainerLifecycle _lifecycle;
    private readonly ProcessStartSpec _spec;
    private readonly IProcessLauncher _launcher;
    private readonly ProcessRecordStore? _records;
    private readonly TimeProvider _time;
    private readonly string _namespace;
    private readonly string _pod;
    private readonly string _name;
    private readonly CancellationTokenSource _stop = new();
    private IProcessHandle? _current;
    private Task _loop = Task.CompletedTask;
    private TimeSpan _grace = TimeSpan.FromSeconds(30);

    public ContainerSupervisor(string @namespace, string pod, ContainerLifecycle lifecycle, ProcessStartSpec spec, IProcessLauncher launcher, ProcessRecordStore? records, TimeProvider time)
    {
        _namespace = @namespace;
        _pod = pod;
        _lifecycle = lifecycle;
        _name = lifecycle.Status.Name;
        _spec = spec;
        _launcher = launcher;
        _records = records;
        _time = time;
    }

    /// <summary>Raised after every status change, outside any lock, on the supervisor's thread.</summary>
    public event Action<ContainerStatus>? StatusChanged;

    public ContainerStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _lifecycle.Status;
            }
        }
    }

    /// <summary>The running process, if any.</summary>
    public ProcessIdentity? Process
    {
        get
        {
            lock (_gate)
            {
                return _current?.Identity;
            }
        }
    }

    /// <summary>Completes when supervision ends: the container stays terminated per its restart policy, or it was stopped.</summary>
    public Task Completion => _loop;

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);

    /// <summary>Sets readiness as the readiness probe decided.</summary>
    public void SetReady(bool ready) => Publish(() => _lifecycle.SetReady(ready));

    /// <summary>Stops supervising and stops the process: SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _grace = grace;
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_grace);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            LaunchResult launch;
            try
            {
                launch = _launcher.Launch(_spec);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
            {
                // fork/exec failures (EAGAIN, ENOMEM, a missing tool) fail this start, not the supervisor.
                launch = LaunchResult.CannotRun(ex.Message);
            }

            RestartDecision decision;
            if (launch.Process is not { } process)
            {
                decision = Decide(() => _lifecycle.CouldNotStart(_time.GetUtcNow(), launch.Error!));
            }
            else
            {
                lock (_gate)
                {
                    _current = process;
                }

                _records?.Save(new ProcessRecord(_namespace, _pod, _name, process.Identity.Pid, process.Identity.StartTime));
                Publish(() => _lifecycle.Started(_time.GetUtcNow(), process.Identity.Pid));
                var stopped = await WaitExitOrStopAsync(process, stopping);
                lock (_gate)
                {
                    _current = null;
                }

                _records?.Remove(_namespace, _pod, _name);
                if (stopped is { } stopCode)
                {
                    Publish(() => _lifecycle.Stopped(_time.GetUtcNow(), stopCode));
                    return;
                }

                var exitCode = await process.Exited;
                decision = Decide(() => _lifecycle.Exited(_time.GetUtcNow(), exitCode));
            }

            if (decision.RestartAt is not { } restartAt)
            {
                return;
            }

            var wait = restartAt - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _time, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Waits for the process to exit; when a stop is requested first, stops it and returns its exit code.</summary>
    private async Task<int?> WaitExitOrStopAsync(IProcessHandle process, CancellationToken stopping)
    {
        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (stopping.Register(() => stopRequested.TrySetResult()))
        {
            if (await Task.WhenAny(process.Exited, stopRequested.Task) == process.Exited)
            {
                return null;
            }
        }

        process.Signal(ProcessSignal.Terminate);
        using var graceOver = new CancellationTokenSource(_grace, _time);
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (graceOver.Token.Register(() => killed.TrySetResult()))
        {
            if (await Task.WhenAny(process.Exited, killed.Task) != process.Exited)
            {
                process.Signal(ProcessSignal.Kill);
            }
        }

        return await process.Exited;
    }

    private RestartDecision Decide(Func<RestartDecision> change)
    {
        RestartDecision decision;
        ContainerStatus status;
        lock (_gate)
        {
            decision = change();
            status = _lifecycle.Status;
        }

        StatusChanged?.Invoke(status);
        return decision;
    }

    private void Publish(Func<ContainerStatus> change)
    {
        ContainerStatus before;
        ContainerStatus after;
        lock (_gate)
        {
            before = _lifecycle.Status;
            after = change();
        }

        if (!ReferenceEquals(before, after))
        {
            StatusChanged?.Invoke(after);
        }
    }
}
