namespace Weft.Local.Runtime;

/// <summary>Starts a pod's containers inside its network namespace.</summary>
public interface IPodContainerStarter
{
    IPodContainers Start(PodLaunch launch);
}
