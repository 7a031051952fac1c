using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;

namespace Weft.Local.Runtime;

/// <summary>
/// What the container layer needs to start a pod's containers; <paramref name="StatusChanged"/> is called after
/// any container's state or readiness changes (the services control plane follows readiness through it).
/// </summary>
public sealed record PodLaunch(Pod Pod, PodSandbox Sandbox, ImmutableArray<IPAddress> Addresses, string LogDirectory, Action? StatusChanged = null);
