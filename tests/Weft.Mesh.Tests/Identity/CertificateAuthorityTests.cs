using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Weft.Mesh.Identity;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Identity;

public sealed class CertificateAuthorityTests
{
    [Fact]
    public void Issue_CsrForProvedIdentity_IssuesSvidLeaf()
    {
        var time = new ManualTimeProvider();
        using var ca = CertificateAuthority.CreateRoot("cluster.local", time);
        var (key, csr) = WorkloadKey.CreateWithCsr(TestPki.Frontend);
        using var _ = key;

        var result = ca.Issue(csr, TestPki.Frontend);

        result.Failure.ShouldBe(IssueFailure.None);
        var leaf = result.Leaf!;
        SubjectAltNames.Uris(leaf).ShouldBe(["spiffe://cluster.local/ns/shop/sa/frontend"]);
        leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.ShouldBe(X509KeyUsageFlags.DigitalSignature);
        leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value)
            .ShouldBe(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
        leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.ShouldBeFalse();
        (leaf.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime).ShouldBe(TimeSpan.FromHours(24), TimeSpan.FromSeconds(1));
        leaf.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().ShouldBe(key.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Issue_CsrAskingForAnotherIdentity_IsRefused()
    {
        using var ca = CertificateAuthority.CreateRoot("cluster.local", TimeProvider.System);
        var (key, csr) = WorkloadKey.CreateWithCsr(TestPki.Cart);
        using var _ = key;

        ca.Issue(csr, TestPki.Frontend).Failure.ShouldBe(IssueFailure.IdentityMismatch);
    }

    [Fact]
    public void Issue_TamperedCsr_IsRefusedAsMalformed()
    {
        using var ca = CertificateAuthority.CreateRoot("cluster.local", TimeProvider.System);
        var (key, csr) = WorkloadKey.CreateWithCsr(TestPki.Frontend);
        using var _ = key;
        csr[^5] ^= 0xff; // flip a signature byte

        ca.Issue(csr, TestPki.Frontend).Failure.ShouldBe(IssueFailure.MalformedRequest);
    }

    [Fact]
    public void Issue_CsrWithoutSpiffeSan_IsRefused()
    {
        using var ca = CertificateAuthority.CreateRoot("cluster.local", TimeProvider.System);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256).CreateSigningRequest();

        ca.Issue(csr, TestPki.Frontend).Failure.ShouldBe(IssueFailure.MissingIdentity);
    }

    [Fact]
    public void Save_WritesKeyWithOwnerOnlyPermissions_AndLoadRestoresCa()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wtmesh-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using var ca = CertificateAuthority.CreateRoot("example.org", TimeProvider.System);
            ca.Save(dir);

            if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(Path.Combine(dir, "ca.key")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using var loaded = CertificateAuthority.Load(dir, TimeProvider.System);
            loaded.TrustDomain.ShouldBe("example.org");
            using var cert = loaded.IssueWithNewKey(SpiffeId.ForWorkload("example.org", "a", "b"));
            var validator = new PeerCertificateValidator([ca.TrustRoot], TimeProvider.System, "example.org");
            validator.Validate(cert.Leaf, null, PeerRole.Client).Succeeded.ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Intermediate_UnderUserRoot_IssuesLeavesThatChainToTheRoot()
    {
        using var root = CertificateAuthority.CreateRoot("cluster.local", TimeProvider.System);
        using var intermediate = CertificateAuthority.CreateIntermediate("cluster.local", root.SigningCertificate, TimeProvider.System);
        using var cert = intermediate.IssueWithNewKey(TestPki.Cart);
        var validator = new PeerCertificateValidator([root.TrustRoot], TimeProvider.System, "cluster.local");

        cert.Intermediates.Count.ShouldBe(1);
        validator.Validate(cert.Leaf, cert.Intermediates, PeerRole.Server).Succeeded.ShouldBeTrue();
        validator.Validate(cert.Leaf, null, PeerRole.Server).Failure.ShouldBe(PeerValidationFailure.UntrustedChain);
    }
}
