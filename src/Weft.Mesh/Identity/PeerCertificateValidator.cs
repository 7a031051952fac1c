using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Weft.Mesh.Identity;

/// <summary>
/// Strict X509-SVID validation (SPIFFE X509-SVID §5): chain to the configured trust roots only (no system store),
/// validity at the injected clock's time, exactly one well-formed SPIFFE URI SAN in the expected trust domain,
/// a non-CA leaf with digitalSignature and the EKU matching the peer's role.
/// </summary>
public sealed class PeerCertificateValidator
{
    private readonly X509Certificate2Collection _roots;
    private readonly TimeProvider _time;
    private readonly string? _trustDomain;

    /// <param name="roots">Trust anchors.</param>
    /// <param name="time">Clock for expiry and chain building.</param>
    /// <param name="trustDomain">Required trust domain of peers; null accepts any (the roots still decide).</param>
    public PeerCertificateValidator(X509Certificate2Collection roots, TimeProvider time, string? trustDomain = null)
    {
        _roots = roots;
        _time = time;
        _trustDomain = trustDomain;
    }

    public PeerValidationResult Validate(X509Certificate2? leaf, IEnumerable<X509Certificate2>? presentedIntermediates, PeerRole role)
    {
        if (leaf is null) return PeerValidationResult.Fail(PeerValidationFailure.NoCertificate, "peer sent no certificate");
        var now = _time.GetUtcNow();
        if (now < leaf.NotBefore.ToUniversalTime()) return PeerValidationResult.Fail(PeerValidationFailure.NotYetValid, $"valid from {leaf.NotBefore:O}");
        if (now > leaf.NotAfter.ToUniversalTime()) return PeerValidationResult.Fail(PeerValidationFailure.Expired, $"expired {leaf.NotAfter:O}");

        var failure = CheckLeafExtensions(leaf, role);
        if (failure is not null) return failure;

        var uris = SubjectAltNames.Uris(leaf);
        var spiffe = 0;
        string? spiffeText = null;
        foreach (var uri in uris)
        {
            if (uri.StartsWith("spiffe:", StringComparison.OrdinalIgnoreCase)) { spiffe++; spiffeText = uri; }
        }

        if (spiffe == 0) return PeerValidationResult.Fail(PeerValidationFailure.MissingSpiffeId, "no SPIFFE URI SAN");
        if (spiffe > 1) return PeerValidationResult.Fail(PeerValidationFailure.MalformedSpiffeId, "more than one SPIFFE URI SAN");
        if (!SpiffeId.TryParse(spiffeText, out var id, out var error))
            return PeerValidationResult.Fail(PeerValidationFailure.MalformedSpiffeId, error);
        if (_trustDomain is not null && id.TrustDomain != _trustDomain)
            return PeerValidationResult.Fail(PeerValidationFailure.WrongTrustDomain, $"{id.TrustDomain} is not {_trustDomain}");

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_roots);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        policy.DisableCertificateDownloads = true;
        policy.ApplicationPolicy.Add(role == PeerRole.Client ? CertificateProfiles.ClientAuth : CertificateProfiles.ServerAuth);
        if (presentedIntermediates is not null)
        {
            foreach (var c in presentedIntermediates)
            {
                if (!c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)) policy.ExtraStore.Add(c);
            }
        }

        if (!chain.Build(leaf))
        {
            var status = chain.ChainStatus.Length > 0 ? chain.ChainStatus[0].StatusInformation.Trim() : "chain did not build";
            return PeerValidationResult.Fail(PeerValidationFailure.UntrustedChain, status);
        }

        return PeerValidationResult.Ok(id);
    }

    private static PeerValidationResult? CheckLeafExtensions(X509Certificate2 leaf, PeerRole role)
    {
        var hasKeyUsage = false;
        var hasEku = false;
        foreach (var ext in leaf.Extensions)
        {
            switch (ext)
            {
                case X509BasicConstraintsExtension { CertificateAuthority: true }:
                    return PeerValidationResult.Fail(PeerValidationFailure.IsCertificateAuthority, "leaf is a CA certificate");
                case X509KeyUsageExtension ku:
                    hasKeyUsage = true;
                    if ((ku.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
                        return PeerValidationResult.Fail(PeerValidationFailure.KeyUsage, "key usage lacks digitalSignature");
                    if ((ku.KeyUsages & (X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign)) != 0)
                        return PeerValidationResult.Fail(PeerValidationFailure.KeyUsage, "leaf may sign certificates");
                    break;
                case X509EnhancedKeyUsageExtension eku:
                    hasEku = true;
                    if (!Contains(eku.EnhancedKeyUsages, role == PeerRole.Client ? CertificateProfiles.ClientAuth : CertificateProfiles.ServerAuth))
                        return PeerValidationResult.Fail(PeerValidationFailure.ExtendedKeyUsage, $"EKU lacks {(role == PeerRole.Client ? "clientAuth" : "serverAuth")}");
                    break;
            }
        }

        if (!hasKeyUsage) return PeerValidationResult.Fail(PeerValidationFailure.KeyUsage, "no key usage extension");
        return hasEku ? null : PeerValidationResult.Fail(PeerValidationFailure.ExtendedKeyUsage, "no extended key usage extension");
    }

    private static bool Contains(OidCollection oids, Oid wanted)
    {
        foreach (var oid in oids)
        {
            if (oid.Value == wanted.Value) return true;
        }

        return false;
    }
}
