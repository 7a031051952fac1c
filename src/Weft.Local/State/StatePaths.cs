namespace Weft.Local.State;

/// <summary>
/// Where a local cluster keeps its state: <c>$WEFT_STATE_ROOT/&lt;cluster&gt;/</c>, by default
/// <c>/var/lib/weft/&lt;cluster&gt;/</c>. Everything a cluster writes to disk lives below this directory, except the
/// per-namespace <c>/etc/netns/&lt;netns&gt;/</c> files that <c>ip netns exec</c> requires.
/// </summary>
public sealed record StatePaths(string Root, string Cluster)
{
    public const string RootVariable = "WEFT_STATE_ROOT";

    public const string DefaultRoot = "/var/lib/weft";

    public static string ResolveRoot() =>
        Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root ? root : DefaultRoot;

    public static StatePaths For(string cluster) => new(ResolveRoot(), cluster);

    public string Directory => Path.Combine(Root, Cluster);

    public string ClusterFile => Path.Combine(Directory, "cluster.json");

    /// <summary>The cluster's operating settings (<see cref="ClusterSettings"/>), e.g. the policy mode.</summary>
    public string SettingsFile => Path.Combine(Directory, "settings.json");

    public string DesiredDirectory => Path.Combine(Directory, "desired");

    public string Socket => Path.Combine(Directory, "weft.sock");

    public string DaemonLog => Path.Combine(Directory, "daemon.log");

    public string DaemonPidFile => Path.Combine(Directory, "daemon.pid");

    public string PodsDirectory => Path.Combine(Directory, "pods");

    public string CniBinDirectory => Path.Combine(Directory, "cni", "bin");

    public string CniConfDirectory => Path.Combine(Directory, "cni", "net.d");

    public string IpamDirectory => Path.Combine(Directory, "ipam");

    public string PodDirectory(string podNamespace, string podName) => Path.Combine(PodsDirectory, $"{podNamespace}_{podName}");
}
