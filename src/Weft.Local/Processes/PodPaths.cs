namespace Weft.Local.Processes;

/// <summary>
/// Where a pod's files live under the cluster state directory: <c>pods/NS_POD/CONTAINER.log</c> (output) and
/// <c>pods/NS_POD/CONTAINER.pid</c> (process record). Kubernetes names cannot contain '_', so the pair is unambiguous.
/// </summary>
public sealed class PodPaths
{
    public PodPaths(string stateDirectory) => StateDirectory = stateDirectory;

    public string StateDirectory { get; }

    public string PodsDirectory => Path.Combine(StateDirectory, "pods");

    public string PodDirectory(string @namespace, string pod) => Path.Combine(PodsDirectory, $"{@namespace}_{pod}");

    public string LogPath(string @namespace, string pod, string container) => Path.Combine(PodDirectory(@namespace, pod), container + ".log");

    public string PidPath(string @namespace, string pod, string container) => Path.Combine(PodDirectory(@namespace, pod), container + ".pid");
}
