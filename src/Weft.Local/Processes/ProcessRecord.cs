namespace Weft.Local.Processes;

/// <summary>One container process as persisted in the cluster's state directory, so a later <c>weft down</c> can stop it.</summary>
public sealed record ProcessRecord(string Namespace, string Pod, string Container, int Pid, ulong StartTime)
{
    public ProcessIdentity Identity => new(Pid, StartTime);
}
