using System.Collections.Concurrent;
using System.Security.Cryptography;
using Weft.Mesh.Identity;

namespace Weft.Local.Mesh;

/// <summary>
/// The local runtime's proof of pod identity: a random token per meshed pod, written only into that pod's
/// directory (0600) and handed to its proxy. The CA signs a CSR only for the SPIFFE ID bound to the token it
/// comes with. Tokens live as long as the pod; a restarted daemon recreates every pod and so every token.
/// </summary>
public sealed class PodTokens : IPodTokenReview
{
    public const string FileName = "mesh-token";
    private readonly ConcurrentDictionary<string, SpiffeId> byToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> byPod = new(StringComparer.Ordinal);

    /// <summary>Creates the pod's token (replacing an older one), writes it to <c>podDirectory/mesh-token</c>; returns the file.</summary>
    public string Issue(string podKey, SpiffeId identity, string podDirectory)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        if (byPod.TryGetValue(podKey, out var old))
        {
            byToken.TryRemove(old, out _);
        }

        byToken[token] = identity;
        byPod[podKey] = token;
        Directory.CreateDirectory(podDirectory);
        var path = Path.Combine(podDirectory, FileName);
        Weft.Mesh.Identity.PemFiles.WritePrivate(path, token);
        return path;
    }

    public SpiffeId? Review(string token) => byToken.TryGetValue(token, out var id) ? id : null;

    /// <summary>The identity bound to a meshed pod ("namespace/name"), or null when it has no token.</summary>
    public SpiffeId? IdentityOf(string podKey) => byPod.TryGetValue(podKey, out var token) ? Review(token) : null;
}
