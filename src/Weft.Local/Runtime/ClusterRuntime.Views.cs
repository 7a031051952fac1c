using Weft.Local.Daemon;

namespace Weft.Local.Runtime;

public sealed partial class ClusterRuntime
{
    private static void DescribeObjectChanges(DesiredState before, DesiredState after, List<string> changes)
    {
        foreach (var (key, resource) in after.Objects)
        {
            if (resource is Api.Resources.Pod or Api.Resources.Deployment && !before.Objects.ContainsKey(key))
            {
                continue; // pods report themselves when the reconcile creates them
            }

            if (!before.Objects.TryGetValue(key, out var old))
            {
                changes.Add($"{resource.Kind.ToLowerInvariant()}/{resource.Key} created");
            }
            else if (!Equals(Normalize(old), Normalize(resource)))
            {
                changes.Add($"{resource.Kind.ToLowerInvariant()}/{resource.Key} configured");
            }
        }

        foreach (var (key, resource) in before.Objects)
        {
            if (!after.Objects.ContainsKey(key) && resource is not Api.Resources.Pod)
            {
                changes.Add($"{resource.Kind.ToLowerInvariant()}/{resource.Key} deleted");
            }
        }
    }

    // Source positions differ when the same object is re-read from another file; they are not part of the object.
    private static Api.Resources.Resource Normalize(Api.Resources.Resource resource) => resource with { Source = null };

    private static PodView ToView(PodInstance pod)
    {
        var containers = pod.Containers?.Status() ?? pod.Pod.Spec.Containers
            .Select(c => new ContainerView(c.Name, "Waiting", pod.PendingReason ?? "ContainerCreating", 0, false, null, null)).ToList();
        string phase;
        if (pod.Sandbox is null || pod.Containers is null)
        {
            phase = "Pending";
        }
        else if (containers.All(c => c.State == "Terminated" && c.ExitCode == 0))
        {
            phase = "Succeeded";
        }
        else if (containers.All(c => c.State == "Terminated") && pod.Pod.Spec.RestartPolicy == Api.Resources.RestartPolicy.Never)
        {
            phase = "Failed";
        }
        else
        {
            phase = "Running";
        }

        var reason = pod.PendingReason ?? containers.Select(c => c.Reason).FirstOrDefault(r => r is not null && r != "Running");
        return new PodView(
            pod.Pod.Namespace,
            pod.Pod.Name,
            pod.Sandbox?.Node,
            phase,
            phase == "Running" && containers.All(c => c.Ready),
            pod.Addresses.IsDefaultOrEmpty ? null : pod.Addresses[0].ToString(),
            reason,
            pod.PendingMessage,
            pod.CreatedAt,
            containers,
            pod.Pod.Metadata.Labels);
    }
}
