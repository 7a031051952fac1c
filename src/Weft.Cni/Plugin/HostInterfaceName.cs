using System.Security.Cryptography;
using System.Text;

namespace Weft.Cni.Plugin;

/// <summary>
/// Names derived from the attachment (container ID and interface), so DEL and GC find the host side of a pod
/// without any stored state, as Calico does with "cali" + a hash.
/// </summary>
public static class HostInterfaceName
{
    public const int MaxLength = 15;

    private static readonly System.Buffers.SearchValues<char> Hex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static string For(string prefix, string containerId, string ifName)
    {
        var hash = Hash(containerId, ifName);
        return prefix + Convert.ToHexStringLower(hash)[..(MaxLength - prefix.Length)];
    }

    /// <summary>A locally administered unicast MAC for the pod side (0a:58 as OVN-Kubernetes uses, plus hash bytes).</summary>
    public static string PodMac(string containerId, string ifName)
    {
        var hash = Hash(containerId, ifName);
        return $"0a:58:{hash[0]:x2}:{hash[1]:x2}:{hash[2]:x2}:{hash[3]:x2}";
    }

    /// <summary>Whether <paramref name="name"/> has the shape of a host-side name with <paramref name="prefix"/>.</summary>
    public static bool Matches(string prefix, string name) =>
        name.Length == MaxLength && name.StartsWith(prefix, StringComparison.Ordinal)
        && name.AsSpan(prefix.Length).ContainsAnyExcept(Hex) is false;

    private static byte[] Hash(string containerId, string ifName) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{containerId}/{ifName}"));
}
