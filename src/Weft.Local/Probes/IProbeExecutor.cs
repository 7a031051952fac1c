namespace Weft.Local.Probes;

/// <summary>Runs one probe action inside a pod's network namespace. A timeout or error is a failed verdict, not an exception.</summary>
public interface IProbeExecutor
{
    Task<ProbeVerdict> RunAsync(ProbeAction action, string? networkNamespace, TimeSpan timeout, CancellationToken cancellationToken);
}
