namespace Weft.Local.Supervision;

/// <summary>A container's state as Kubernetes reports it: exactly one of waiting, running or terminated.</summary>
public abstract record ContainerState;
