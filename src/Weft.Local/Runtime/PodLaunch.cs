using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;

namespace Weft.Local.Runtime;

/// <summary>What the container layer needs to start a pod's containers.</summary>
public sealed record PodLaunch(Pod Pod, PodSandbox Sandbox, ImmutableArray<IPAddress> Addresses, string LogDirectory);
