namespace Weft.Mesh.Identity;

/// <summary>
/// A SPIFFE ID (<c>spiffe://trust-domain/path</c>) as the SPIFFE-ID specification defines it: lowercase trust
/// domain of [a-z0-9.-_], path segments of [A-Za-z0-9.-_], no query, fragment, port or user info.
/// Weft workloads use the path <c>/ns/&lt;namespace&gt;/sa/&lt;service account&gt;</c>.
/// </summary>
public sealed record SpiffeId
{
    private const string Scheme = "spiffe://";
    private const int MaxLength = 2048;

    private SpiffeId(string trustDomain, string path)
    {
        TrustDomain = trustDomain;
        Path = path;
    }

    /// <summary>The trust domain, for example <c>cluster.local</c>.</summary>
    public string TrustDomain { get; }

    /// <summary>The path, starting with '/', or empty for a trust-domain ID.</summary>
    public string Path { get; }

    /// <summary>The namespace when the path has the Weft workload form, else null.</summary>
    public string? Namespace => WorkloadParts() is { } p ? p.Namespace : null;

    /// <summary>The service account when the path has the Weft workload form, else null.</summary>
    public string? ServiceAccount => WorkloadParts() is { } p ? p.ServiceAccount : null;

    /// <summary>The workload identity for a namespace and service account.</summary>
    public static SpiffeId ForWorkload(string trustDomain, string ns, string serviceAccount)
    {
        var text = $"{Scheme}{trustDomain}/ns/{ns}/sa/{(string.IsNullOrEmpty(serviceAccount) ? "default" : serviceAccount)}";
        return TryParse(text, out var id, out var error) ? id : throw new ArgumentException(error, nameof(trustDomain));
    }

    /// <summary>Parses a SPIFFE ID; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SpiffeId? id, out string error)
    {
        id = null;
        if (string.IsNullOrEmpty(text)) { error = "empty SPIFFE ID"; return false; }
        if (text.Length > MaxLength) { error = "SPIFFE ID longer than 2048 bytes"; return false; }
        if (!text.StartsWith(Scheme, StringComparison.Ordinal)) { error = "scheme must be spiffe://"; return false; }
        var rest = text.AsSpan(Scheme.Length);
        var slash = rest.IndexOf('/');
        var domain = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? [] : rest[slash..];
        if (domain.IsEmpty) { error = "trust domain is empty"; return false; }
        foreach (var c in domain)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-' or '_'))
            {
                error = $"trust domain has invalid character '{c}'";
                return false;
            }
        }

        if (!path.IsEmpty)
        {
            foreach (var segmentRange in path[1..].Split('/'))
            {
                var segment = path[1..][segmentRange];
                if (segment.IsEmpty) { error = "path has an empty segment"; return false; }
                if (segment is "." or "..") { error = "path has a relative segment"; return false; }
                foreach (var c in segment)
                {
                    if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '-' or '_'))
                    {
                        error = $"path has invalid character '{c}'";
                        return false;
                    }
                }
            }
        }

        id = new SpiffeId(domain.ToString(), path.ToString());
        error = "";
        return true;
    }

    /// <summary>The URI form used in certificates.</summary>
    public Uri ToUri() => new(ToString());

    /// <inheritdoc/>
    public override string ToString() => Scheme + TrustDomain + Path;

    private (string Namespace, string ServiceAccount)? WorkloadParts()
    {
        var parts = Path.Split('/');
        return parts is ["", "ns", var ns, "sa", var sa] ? (ns, sa) : null;
    }
}
