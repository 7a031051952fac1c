using Weft.Local.Processes;

namespace Weft.Local.Tests.Fakes;

internal sealed class FakeProcessHandle(ProcessStartSpec spec, ProcessIdentity identity) : IProcessHandle
{
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ProcessStartSpec Spec { get; } = spec;

    public ProcessIdentity Identity { get; } = identity;

    public Task<int> Exited => _exited.Task;

    /// <summary>When false the process ignores SIGTERM (only SIGKILL ends it).</summary>
    public bool ExitsOnTerminate { get; set; } = true;

    public List<ProcessSignal> Signals { get; } = [];

    public void Exit(int code) => _exited.TrySetResult(code);

    public bool Signal(ProcessSignal signal)
    {
        if (_exited.Task.IsCompleted)
        {
            return false;
        }

        lock (Signals)
        {
            Signals.Add(signal);
        }

        if (signal == ProcessSignal.Kill || ExitsOnTerminate)
        {
            Exit(128 + (int)signal);
        }

        return true;
    }
}
