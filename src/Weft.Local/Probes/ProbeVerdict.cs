namespace Weft.Local.Probes;

/// <summary>The result of running a probe once: success or failure, with the reason kubelet would put in an event.</summary>
public sealed record ProbeVerdict(bool Success, string? Message = null)
{
    public static readonly ProbeVerdict Succeeded = new(true);
}
