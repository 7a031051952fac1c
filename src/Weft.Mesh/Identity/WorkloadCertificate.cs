using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Weft.Mesh.Identity;

/// <summary>A workload's current credential: leaf with private key, intermediates, and its SPIFFE ID.</summary>
public sealed class WorkloadCertificate : IDisposable
{
    private SslStreamCertificateContext? _context;

    public WorkloadCertificate(X509Certificate2 leafWithKey, IReadOnlyList<X509Certificate2> intermediates, SpiffeId identity)
    {
        Leaf = leafWithKey;
        Intermediates = intermediates;
        Identity = identity;
    }

    public X509Certificate2 Leaf { get; }

    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    public SpiffeId Identity { get; }

    public DateTimeOffset NotBefore => new(Leaf.NotBefore.ToUniversalTime());

    public DateTimeOffset NotAfter => new(Leaf.NotAfter.ToUniversalTime());

    /// <summary>The TLS context (leaf + intermediates sent in the handshake), built once.</summary>
    public SslStreamCertificateContext TlsContext =>
        _context ??= SslStreamCertificateContext.Create(Leaf, new X509Certificate2Collection(Intermediates.ToArray()), offline: true);

    public static WorkloadCertificate FromIssued(IssueResult result, ECDsa key, SpiffeId id)
    {
        var leaf = result.Leaf ?? throw new ArgumentException("issue failed", nameof(result));
        return new WorkloadCertificate(leaf.CopyWithPrivateKey(key), result.Intermediates, id);
    }

    /// <summary>Loads a certificate (optionally followed by intermediates) and its key from PEM files.</summary>
    public static WorkloadCertificate LoadPem(string certPath, string keyPath)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certPath);
        if (all.Count == 0) throw new InvalidDataException($"{certPath}: no certificate");
        var leaf = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        var intermediates = new List<X509Certificate2>();
        for (var i = 1; i < all.Count; i++) intermediates.Add(all[i]);
        var id = SubjectAltNames.Uris(leaf) is [var uri, ..] && SpiffeId.TryParse(uri, out var parsed, out _)
            ? parsed
            : SpiffeId.ForWorkload("cluster.local", "default", "default");
        return new WorkloadCertificate(leaf, intermediates, id);
    }

    /// <summary>Writes the leaf followed by intermediates, and the key with mode 0600.</summary>
    public void SavePem(string certPath, string keyPath)
    {
        var pem = Leaf.ExportCertificatePem() + "\n";
        foreach (var c in Intermediates) pem += c.ExportCertificatePem() + "\n";
        PemFiles.WritePublic(certPath, pem);
        PemFiles.WritePrivate(keyPath, PemFiles.PrivateKeyPem(Leaf));
    }

    public void Dispose() => Leaf.Dispose();
}
