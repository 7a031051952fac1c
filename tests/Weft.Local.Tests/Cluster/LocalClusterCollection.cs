namespace Weft.Local.Tests.Cluster;

/// <summary>The end-to-end cluster tests run one at a time: each starts dozens of processes on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalClusterCollection
{
    public const string Name = "local clusters";
}
