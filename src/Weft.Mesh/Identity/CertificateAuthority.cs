using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Weft.Mesh.Identity;

/// <summary>
/// Weft's certificate authority: a root it generated, or an intermediate under a user-supplied root. It signs
/// workload CSRs only for the identity the caller proved (the pod token), never for what the CSR merely asks.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    /// <summary>Default leaf lifetime (issue 6: 24 hours, configurable).</summary>
    public static readonly TimeSpan DefaultLeafValidity = TimeSpan.FromHours(24);

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);
    private readonly TimeProvider _time;

    private CertificateAuthority(string trustDomain, X509Certificate2 signing, IReadOnlyList<X509Certificate2> parents, X509Certificate2 root, TimeProvider time)
    {
        TrustDomain = trustDomain;
        SigningCertificate = signing;
        Parents = parents;
        TrustRoot = root;
        _time = time;
    }

    public string TrustDomain { get; }

    /// <summary>The certificate that signs leaves; it holds the private key.</summary>
    public X509Certificate2 SigningCertificate { get; }

    /// <summary>Certificates between <see cref="SigningCertificate"/> and the root (excluding both).</summary>
    public IReadOnlyList<X509Certificate2> Parents { get; }

    /// <summary>The trust anchor peers must chain to.</summary>
    public X509Certificate2 TrustRoot { get; }

    /// <summary>Leaf lifetime used when <see cref="Issue"/> is not given one.</summary>
    public TimeSpan LeafValidity { get; init; } = DefaultLeafValidity;

    /// <summary>Generates a self-signed ECDSA P-256 root for <paramref name="trustDomain"/>.</summary>
    public static CertificateAuthority CreateRoot(string trustDomain, TimeProvider time, TimeSpan? validity = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = CertificateProfiles.CaRequest(trustDomain, $"weft root CA {trustDomain}", key);
        var now = time.GetUtcNow();
        var root = request.CreateSelfSigned(now - ClockSkew, now + (validity ?? TimeSpan.FromDays(365)));
        return new CertificateAuthority(trustDomain, root, [], root, time);
    }

    /// <summary>Generates an intermediate signed by a user-supplied <paramref name="root"/> (which must hold its key).</summary>
    public static CertificateAuthority CreateIntermediate(string trustDomain, X509Certificate2 root, TimeProvider time, TimeSpan? validity = null)
    {
        if (!root.HasPrivateKey) throw new ArgumentException("the root certificate must carry its private key", nameof(root));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = CertificateProfiles.CaRequest(trustDomain, $"weft intermediate CA {trustDomain}", key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        var now = time.GetUtcNow();
        var notAfter = now + (validity ?? TimeSpan.FromDays(90));
        if (notAfter > root.NotAfter) notAfter = root.NotAfter;
        using var signed = request.Create(root, now - ClockSkew, notAfter, CertificateProfiles.NewSerial());
        var withKey = signed.CopyWithPrivateKey(key);
        var rootPublic = X509CertificateLoader.LoadCertificate(root.RawData);
        return new CertificateAuthority(trustDomain, withKey, [], rootPublic, time);
    }

    /// <summary>Loads a CA saved by <see cref="Save"/>.</summary>
    public static CertificateAuthority Load(string directory, TimeProvider time)
    {
        var signing = X509Certificate2.CreateFromPemFile(Path.Combine(directory, "ca.crt"), Path.Combine(directory, "ca.key"));
        var root = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, "root.crt"));
        var trustDomain = SubjectAltNames.Uris(root) is [var uri, ..] && SpiffeId.TryParse(uri, out var id, out _) ? id.TrustDomain : "cluster.local";
        return new CertificateAuthority(trustDomain, signing, [], root, time);
    }

    /// <summary>Writes ca.crt, ca.key (mode 0600) and root.crt into <paramref name="directory"/>.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        PemFiles.WritePublic(Path.Combine(directory, "ca.crt"), SigningCertificate.ExportCertificatePem());
        PemFiles.WritePrivate(Path.Combine(directory, "ca.key"), PemFiles.PrivateKeyPem(SigningCertificate));
        PemFiles.WritePublic(Path.Combine(directory, "root.crt"), TrustRoot.ExportCertificatePem());
    }

    /// <summary>
    /// Verifies the CSR's self-signature and that its single SPIFFE URI SAN equals <paramref name="authenticated"/>
    /// (the identity proved by the pod token), then issues a leaf. The CSR's own extensions are ignored: the
    /// profile is Weft's.
    /// </summary>
    public IssueResult Issue(ReadOnlySpan<byte> csrDer, SpiffeId authenticated, TimeSpan? validity = null)
    {
        CertificateRequest csr;
        try
        {
            // LoadSigningRequest verifies the PKCS#10 signature unless told to skip it.
            csr = CertificateRequest.LoadSigningRequest(csrDer, HashAlgorithmName.SHA256, out _, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        }
        catch (CryptographicException e)
        {
            return IssueResult.Fail(IssueFailure.MalformedRequest, e.Message);
        }

        var uris = SubjectAltNames.Uris(csr.CertificateExtensions);
        if (uris.Count != 1)
            return IssueResult.Fail(IssueFailure.MissingIdentity, $"expected one URI SAN, found {uris.Count}");
        if (!SpiffeId.TryParse(uris[0], out var requested, out var error))
            return IssueResult.Fail(IssueFailure.MissingIdentity, error);
        if (requested != authenticated)
            return IssueResult.Fail(IssueFailure.IdentityMismatch, $"CSR asks for {requested}, caller proved {authenticated}");
        if (requested.TrustDomain != TrustDomain)
            return IssueResult.Fail(IssueFailure.IdentityMismatch, $"trust domain {requested.TrustDomain} is not {TrustDomain}");
        if (!IsStrongKey(csr.PublicKey))
            return IssueResult.Fail(IssueFailure.WeakKey, "key must be ECDSA P-256/P-384 or RSA of at least 2048 bits");

        var now = _time.GetUtcNow();
        var notAfter = now + (validity ?? LeafValidity);
        if (notAfter > SigningCertificate.NotAfter) notAfter = SigningCertificate.NotAfter;
        var request = CertificateProfiles.LeafRequest(requested, csr.PublicKey, SigningCertificate);
        var leaf = request.Create(SigningCertificate, now - ClockSkew, notAfter, CertificateProfiles.NewSerial());
        var intermediates = new List<X509Certificate2>();
        if (!ReferenceEquals(SigningCertificate, TrustRoot))
        {
            intermediates.Add(X509CertificateLoader.LoadCertificate(SigningCertificate.RawData));
            intermediates.AddRange(Parents);
        }

        return new IssueResult { Leaf = leaf, Intermediates = intermediates };
    }

    /// <summary>Issues directly for an identity, generating the key here (for tests and <c>weft mesh issue</c>).</summary>
    public WorkloadCertificate IssueWithNewKey(SpiffeId id, TimeSpan? validity = null)
    {
        var (key, csr) = WorkloadKey.CreateWithCsr(id);
        using (key)
        {
            var result = Issue(csr, id, validity);
            if (!result.Succeeded) throw new InvalidOperationException(result.Message);
            return WorkloadCertificate.FromIssued(result, key, id);
        }
    }

    public void Dispose()
    {
        SigningCertificate.Dispose();
        if (!ReferenceEquals(TrustRoot, SigningCertificate)) TrustRoot.Dispose();
    }

    private static bool IsStrongKey(PublicKey key)
    {
        using var ec = key.GetECDsaPublicKey();
        if (ec is not null) return ec.KeySize is 256 or 384;
        using var rsa = key.GetRSAPublicKey();
        return rsa is not null && rsa.KeySize >= 2048;
    }
}
