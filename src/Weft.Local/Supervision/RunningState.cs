namespace Weft.Local.Supervision;

public sealed record RunningState(DateTimeOffset StartedAt, int Pid) : ContainerState;
