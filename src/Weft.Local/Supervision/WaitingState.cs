namespace Weft.Local.Supervision;

/// <summary>Not running yet or between restarts; <see cref="Reason"/> is for example ContainerCreating or CrashLoopBackOff.</summary>
public sealed record WaitingState(string Reason, string? Message = null) : ContainerState;
