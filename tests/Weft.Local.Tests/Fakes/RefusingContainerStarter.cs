using Weft.Local.Runtime;

namespace Weft.Local.Tests.Fakes;

/// <summary>For runtime tests whose clusters hold no pods: starting a container is a bug.</summary>
internal sealed class RefusingContainerStarter : IPodContainerStarter
{
    public IPodContainers Start(PodLaunch launch) => throw new InvalidOperationException("unexpected pod start");
}
