using System.Security.Cryptography;
using System.Text;
using Weft.Api.Resources;

namespace Weft.Datapath.Nftables;

/// <summary>
/// Names of per-service objects. Like kube-proxy, a name is a short hash of what it stands for followed by the
/// readable part, so names are stable across syncs and restarts, unique, and still tell a human what they are.
/// </summary>
public static class NftNames
{
    public static string Protocol(Protocol protocol) => protocol switch
    {
        Api.Resources.Protocol.Udp => "udp",
        Api.Resources.Protocol.Sctp => "sctp",
        _ => "tcp",
    };

    /// <summary><c>ns/name/tcp/port-name</c>, the readable identity of one service port.</summary>
    public static string ServicePortId(string serviceKey, Protocol protocol, string portName, int port) =>
        $"{serviceKey}/{Protocol(protocol)}/{(portName.Length == 0 ? port.ToString() : portName)}";

    public static string ServiceChain(string servicePortId) => Hashed("svc", servicePortId);

    public static string ExternalChain(string servicePortId) => Hashed("ext", servicePortId);

    public static string EndpointChain(string servicePortId, string endpoint) => Hashed("sep", $"{servicePortId}__{endpoint}");

    /// <summary>The affinity timeout is part of the hash so a changed timeout is a new set, not an in-place edit.</summary>
    public static string AffinitySet(string servicePortId, string endpoint, int timeoutSeconds) =>
        Hashed("aff", $"{servicePortId}__{endpoint}", $"{timeoutSeconds}");

    private static string Hashed(string prefix, string readable, string extra = "")
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(prefix + "|" + readable + "|" + extra));
        var code = Base32(hash)[..8];
        var name = $"{prefix}-{code}-{readable}";

        // NFT_CHAIN_MAXNAMELEN and NFT_SET_MAXNAMELEN are 256 including the terminating NUL.
        return name.Length <= 255 ? name : name[..255];
    }

    private static string Base32(byte[] bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return text.ToString();
    }
}
