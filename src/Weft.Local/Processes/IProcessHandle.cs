namespace Weft.Local.Processes;

/// <summary>A running process started by an <see cref="IProcessLauncher"/>.</summary>
public interface IProcessHandle
{
    ProcessIdentity Identity { get; }

    /// <summary>Completes with the exit code when the process ends; 128+N when signal N killed it (as shells report).</summary>
    Task<int> Exited { get; }

    /// <summary>Sends a signal to the process and its process group; false when it is already gone.</summary>
    bool Signal(ProcessSignal signal);
}
