namespace Weft.Local.Processes;

/// <summary>A started process, or why it could not start (Kubernetes shows this as ContainerCannotRun).</summary>
public sealed record LaunchResult
{
    private LaunchResult(IProcessHandle? process, string? error)
    {
        Process = process;
        Error = error;
    }

    public IProcessHandle? Process { get; }

    public string? Error { get; }

    public static LaunchResult Started(IProcessHandle process) => new(process, null);

    public static LaunchResult CannotRun(string error) => new(null, error);
}
