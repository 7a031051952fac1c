using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Weft.Mesh.Identity;

/// <summary>The X.509 profiles Weft issues, after the SPIFFE X509-SVID specification §4–5.</summary>
internal static class CertificateProfiles
{
    public static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    public static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    public static CertificateRequest CaRequest(string trustDomain, string commonName, ECDsa key)
    {
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}, O=weft"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(SubjectAltNames.BuildUri($"spiffe://{trustDomain}", critical: false));
        return request;
    }

    /// <summary>A leaf (X509-SVID): URI SAN, digitalSignature, serverAuth+clientAuth, not a CA.</summary>
    public static CertificateRequest LeafRequest(SpiffeId id, PublicKey publicKey, X509Certificate2 issuer)
    {
        var subject = new X500DistinguishedName(id.ServiceAccount is { } sa ? $"CN={sa}.{id.Namespace}, O=weft" : "O=weft");
        var request = new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth, ClientAuth], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        request.CertificateExtensions.Add(SubjectAltNames.BuildUri(id.ToString(), critical: true));
        return request;
    }

    public static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // positive INTEGER (RFC 5280 §4.1.2.2)
        return serial;
    }
}
