using System.Diagnostics;

namespace Weft.Local.Processes;

/// <summary>A child process started by <see cref="LinuxProcessLauncher"/>; .NET reaps it and reports its exit code.</summary>
internal sealed class LinuxProcessHandle : IProcessHandle
{
    private readonly Process _process;

    public LinuxProcessHandle(Process process, ProcessIdentity identity)
    {
        _process = process;
        Identity = identity;
        Exited = WaitAsync();
    }

    public ProcessIdentity Identity { get; }

    public Task<int> Exited { get; }

    public bool Signal(ProcessSignal signal) => !Exited.IsCompleted && ProcessSignals.Send(Identity, signal);

    private async Task<int> WaitAsync()
    {
        await _process.WaitForExitAsync();
        var code = _process.ExitCode;
        _process.Dispose();
        return code;
    }
}
