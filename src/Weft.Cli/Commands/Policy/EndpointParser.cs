using System.Net;
using Weft.Policy;
using Weft.Policy.Evaluation;

namespace Weft.Cli.Commands.Policy;

/// <summary>
/// Resolves <c>--from</c>/<c>--to</c>: an IP address, <c>namespace/pod</c>, or <c>pod</c> in the
/// <c>default</c> namespace, as kubectl does. A Deployment name (<c>namespace/deployment</c>) stands for its
/// first pod, so users need not type generated pod names.
/// </summary>
internal static class EndpointParser
{
    public static bool TryResolve(PolicyModel model, string text, out TrafficEndpoint endpoint, out string? error)
    {
        error = null;
        // IPAddress.TryParse also accepts bare integers ("123" → 0.0.0.123); a pod may be named like that.
        if ((text.Contains('.', StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal))
            && !text.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(text, out var address))
        {
            endpoint = TrafficEndpoint.External(address);
            return true;
        }

        var key = text.Contains('/', StringComparison.Ordinal) ? text : $"default/{text}";
        if (model.TryFindPod(key, out var index))
        {
            endpoint = TrafficEndpoint.Pod(index);
            return true;
        }

        var workloadPrefix = key + "-";
        for (var i = 0; i < model.Pods.Length; i++)
        {
            var pod = model.Pods[i];
            if (pod.Key.StartsWith(workloadPrefix, StringComparison.Ordinal)
                && pod.Metadata.Labels.ContainsKey(Api.Workloads.DeploymentExpander.PodTemplateHashLabel)
                && pod.Name.Count(c => c == '-') == key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..].Count(c => c == '-') + 2)
            {
                endpoint = TrafficEndpoint.Pod(i);
                return true;
            }
        }

        endpoint = TrafficEndpoint.Pod(0);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var sameNamespace = model.Pods.Where(p => p.Namespace == key[..slash]).Select(p => p.Key).Take(10).ToList();
        error = sameNamespace.Count == 0
            ? $"unknown pod '{key}': no pods in namespace '{key[..slash]}'"
            : $"unknown pod '{key}'; pods in namespace '{key[..slash]}': {string.Join(", ", sameNamespace)}";
        return false;
    }
}
