using Weft.Api.Resources;

namespace Weft.Local.Scheduling;

/// <summary>A desired pod and the node it runs on, or why it cannot be placed.</summary>
public sealed record PodPlacement(Pod Pod, string? Node, string? PendingReason);
