using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
        // The template hash changes when the pod template changes (a changed Deployment rolls to new pods);
        // the suffix is stable per replica index. Same algorithm as the local runtime's expander.
        var templateHash = Encode(Hash(JsonSerializer.Serialize(new { deployment.Template.Labels, deployment.Template.Spec })), 10);
        var labels = deployment.Template.Labels.SetItem(PodTemplateHashLabel, templateHash);
        var pods = ImmutableArray.CreateBuilder<Pod>(Math.Max(deployment.Replicas, 0));
        for (var replica = 0; replica < deployment.Replicas; replica++)
        {
            var suffix = Encode(Hash($"{deployment.Namespace}/{deployment.Name}/{templateHash}/{replica}"), 5);
            pods.Add(new Pod
            {
                Metadata = new ObjectMeta
                {
                    Name = $"{deployment.Name}-{templateHash}-{suffix}",
                    Namespace = deployment.Namespace,
                    Labels = labels,
                    Annotations = deployment.Template.Annotations,
                },
                Spec = deployment.Template.Spec,
                Source = deployment.Source,
            });
        }

        return pods.MoveToImmutable();
    }

    private static ulong Hash(string text) => BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

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
