using System.Collections.Frozen;
using Weft.Api.Validation;

namespace Weft.Api.Manifests.Decoding;

/// <summary>What the decoder knows about a supported kind: its API group/version, scope and name rule.</summary>
internal sealed record KindInfo(string Kind, string ApiVersion, bool Namespaced, Func<string, string?> CheckName)
{
    /// <summary>
    /// Name rules as the API server applies them: namespaces are DNS labels, services DNS-1035 labels (they
    /// become DNS names that must not start with a digit), everything else DNS subdomains.
    /// </summary>
    public static FrozenDictionary<string, KindInfo> Supported { get; } = new KindInfo[]
    {
        new("Namespace", "v1", false, KubernetesNames.CheckDns1123Label),
        new("Pod", "v1", true, KubernetesNames.CheckDns1123Subdomain),
        new("Service", "v1", true, KubernetesNames.CheckDns1035Label),
        new("EndpointSlice", "discovery.k8s.io/v1", true, KubernetesNames.CheckDns1123Subdomain),
        new("NetworkPolicy", "networking.k8s.io/v1", true, KubernetesNames.CheckDns1123Subdomain),
        new("AdminNetworkPolicy", "policy.networking.k8s.io/v1alpha1", false, KubernetesNames.CheckDns1123Subdomain),
        new("BaselineAdminNetworkPolicy", "policy.networking.k8s.io/v1alpha1", false, KubernetesNames.CheckDns1123Subdomain),
        new("Deployment", "apps/v1", true, KubernetesNames.CheckDns1123Subdomain),
    }.ToFrozenDictionary(k => k.Kind, StringComparer.Ordinal);
}
