using System.Collections.Immutable;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Weft.Api.Resources;

namespace Weft.Local.Scheduling;

/// <summary>
/// Expands Deployments into Pods with Kubernetes-style names (<c>&lt;deployment&gt;-&lt;pod-template-hash&gt;-&lt;suffix&gt;</c>,
/// using Kubernetes' alphabet of consonants and digits). Names are deterministic: the template hash changes when
/// the pod template changes (so a changed Deployment rolls to new pods), the suffix is stable per replica index.
/// </summary>
public static class WorkloadExpander
{
    // k8s.io/apimachinery/pkg/util/rand: vowels and look-alikes removed so names never spell words.
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public const string TemplateHashLabel = "pod-template-hash";

    /// <summary>All pods: the plain ones as given, plus every Deployment's replicas.</summary>
    public static IReadOnlyList<Pod> DesiredPods(IEnumerable<Resource> resources)
    {
        var pods = new List<Pod>();
        foreach (var resource in resources)
        {
            switch (resource)
            {
                case Pod pod:
                    pods.Add(pod);
                    break;
                case Deployment deployment:
                    pods.AddRange(Expand(deployment));
                    break;
            }
        }

        return pods;
    }

    public static IEnumerable<Pod> Expand(Deployment deployment)
    {
        var templateHash = Encode(Hash(JsonSerializer.Serialize(new { deployment.Template.Labels, deployment.Template.Spec })), 10);
        var labels = deployment.Template.Labels.SetItem(TemplateHashLabel, templateHash);
        for (var i = 0; i < deployment.Replicas; i++)
        {
            var suffix = Encode(Hash($"{deployment.Namespace}/{deployment.Name}/{templateHash}/{i}"), 5);
            yield return new Pod
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
            };
        }
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
