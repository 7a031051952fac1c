using System.Collections.Immutable;
using System.Text;
using Weft.Api.Resources;

namespace Weft.Api.Workloads;

/// <summary>
/// Expands a Deployment into the pods its ReplicaSet would create, with deterministic names in the
/// Kubernetes shape <c>&lt;deployment&gt;-&lt;template hash&gt;-&lt;suffix&gt;</c> and the
/// <c>pod-template-hash</c> label. The policy engine and the local runtime both use it, so a pod has
/// the same name in <c>weft policy</c> output as in the running cluster.
/// </summary>
public static class DeploymentExpander
{
    /// <summary>The label the ReplicaSet controller adds to every pod it creates.</summary>
    public const string PodTemplateHashLabel = "pod-template-hash";

    // apimachinery's rand.SafeEncodeString alphabet: no vowels (no accidental words) and no 0/1/3 (look-alikes).
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static ImmutableArray<Pod> Expand(Deployment deployment)
    {
        var templateHash = Encode(Fnv1a($"{deployment.Namespace}/{deployment.Name}/{Describe(deployment.Template)}"), 10);
        var labels = deployment.Template.Labels.SetItem(PodTemplateHashLabel, templateHash);
        var pods = ImmutableArray.CreateBuilder<Pod>(Math.Max(deployment.Replicas, 0));
        for (var replica = 0; replica < deployment.Replicas; replica++)
        {
            var suffix = Encode(Fnv1a($"{templateHash}/{replica}"), 5);
            pods.Add(new Pod
            {
                Metadata = new ObjectMeta
                {
                    Name = $"{deployment.Name}-{templateHash}-{suffix}",
                    Namespace = deployment.Namespace,
                    Labels = labels,
                    Annotations = deployment.Template.Annotations,
                },
                Source = deployment.Source,
                Spec = deployment.Template.Spec,
            });
        }

        return pods.MoveToImmutable();
    }

    private static string Describe(PodTemplate template)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in template.Labels)
        {
            text.Append(key).Append('=').Append(value).Append(';');
        }

        foreach (var container in template.Spec.Containers)
        {
            text.Append(container.Name).Append('|').Append(container.Image).Append('|');
            foreach (var port in container.Ports)
            {
                text.Append(port.Name).Append(':').Append(port.Port).Append('/').Append(port.Protocol).Append(',');
            }
        }

        return text.ToString();
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        return hash;
    }

    private static string Encode(ulong value, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[(int)(value % (ulong)Alphabet.Length)];
            value /= (ulong)Alphabet.Length;
        }

        return new string(chars);
    }
}
