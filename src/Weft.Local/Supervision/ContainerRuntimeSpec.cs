using Weft.Local.Probes;
using Weft.Local.Processes;

namespace Weft.Local.Supervision;

/// <summary>One container as the pod supervisor runs it: the process to start and its optional readiness probe.</summary>
public sealed record ContainerRuntimeSpec(string Name, ProcessStartSpec Process, ReadinessProbeSpec? ReadinessProbe = null);
