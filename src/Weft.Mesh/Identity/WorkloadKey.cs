using System.Security.Cryptography;

namespace Weft.Mesh.Identity;

/// <summary>The proxy side of issuance: a fresh ECDSA P-256 key that never leaves the process, and its PKCS#10 CSR.</summary>
public static class WorkloadKey
{
    /// <summary>Creates a key and a DER CSR asking for <paramref name="id"/> as URI SAN.</summary>
    public static (ECDsa Key, byte[] Csr) CreateWithCsr(SpiffeId id)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            new System.Security.Cryptography.X509Certificates.X500DistinguishedName("O=weft"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(SubjectAltNames.BuildUri(id.ToString(), critical: true));
        return (key, request.CreateSigningRequest());
    }
}
