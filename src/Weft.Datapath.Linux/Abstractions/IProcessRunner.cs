namespace Weft.Datapath.Linux.Abstractions;

/// <summary>Runs programs. The only way product code starts a process.</summary>
public interface IProcessRunner
{
    /// <summary>Runs to completion (or timeout); a non-zero exit is a result, not an exception.</summary>
    Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken);
}
