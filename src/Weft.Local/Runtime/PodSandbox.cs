namespace Weft.Local.Runtime;

/// <summary>A pod's network identity in the local runtime: its namespace, its CNI container ID, its node.</summary>
public sealed record PodSandbox(string PodNamespace, string PodName, string Node, string NodeNetns, string Netns, string ContainerId)
{
    public string Key => $"{PodNamespace}/{PodName}";
}
