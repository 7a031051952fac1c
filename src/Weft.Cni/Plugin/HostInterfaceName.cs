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
        return prefix + Convert.ToHexStringLower(hash).PadRight(MaxLength, '0')[..(MaxLength - prefix.Length)];
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

    /// <summary>
    /// FNV-1a, 64 bits: names need spread, not secrecy, and a cryptographic hash would load OpenSSL into every
    /// plugin run (measured: several ms of start-up on each ADD and DEL).
    /// </summary>
    private static byte[] Hash(string containerId, string ifName)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes($"{containerId}/{ifName}"))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, hash);
        return bytes;
    }
}
