using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Weft.Mesh.Identity;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Identity;

public sealed class PeerCertificateValidatorTests
{
    [Fact]
    public void Validate_LeafFromTrustedCa_ReturnsIdentity()
    {
        using var pki = new TestPki();
        using var cert = pki.Issue(TestPki.Cart);

        var result = new PeerCertificateValidator([pki.Authority.TrustRoot], TimeProvider.System, "cluster.local").Validate(cert.Leaf, null, PeerRole.Client);

        result.Identity.ShouldBe(TestPki.Cart);
    }

    [Fact]
    public void Validate_LeafFromOtherCa_IsUntrusted()
    {
        using var pki = new TestPki();
        using var other = new TestPki();
        using var cert = other.Issue(TestPki.Cart);

        new PeerCertificateValidator([pki.Authority.TrustRoot], TimeProvider.System).Validate(cert.Leaf, null, PeerRole.Client)
            .Failure.ShouldBe(PeerValidationFailure.UntrustedChain);
    }

    [Fact]
    public void Validate_AfterExpiry_IsExpired()
    {
        var time = new ManualTimeProvider();
        using var pki = new TestPki(time);
        using var cert = pki.Issue(TestPki.Cart, TimeSpan.FromHours(1));
        var validator = new PeerCertificateValidator([pki.Authority.TrustRoot], time);
        time.Advance(TimeSpan.FromHours(2));

        validator.Validate(cert.Leaf, null, PeerRole.Client).Failure.ShouldBe(PeerValidationFailure.Expired);
    }

    [Fact]
    public void Validate_WrongTrustDomain_IsRefused()
    {
        using var ca = CertificateAuthority.CreateRoot("other.org", TimeProvider.System);
        using var cert = ca.IssueWithNewKey(SpiffeId.ForWorkload("other.org", "a", "b"));

        new PeerCertificateValidator([ca.TrustRoot], TimeProvider.System, "cluster.local").Validate(cert.Leaf, null, PeerRole.Client)
            .Failure.ShouldBe(PeerValidationFailure.WrongTrustDomain);
    }

    [Fact]
    public void Validate_CaCertificateAsLeaf_IsRefused()
    {
        using var pki = new TestPki();

        new PeerCertificateValidator([pki.Authority.TrustRoot], TimeProvider.System).Validate(pki.Authority.TrustRoot, null, PeerRole.Client)
            .Failure.ShouldBe(PeerValidationFailure.IsCertificateAuthority);
    }

    [Fact]
    public void Validate_LeafWithoutSpiffeSan_IsRefused()
    {
        using var pki = new TestPki();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=plain", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        using var leaf = request.Create(pki.Authority.SigningCertificate, now.AddMinutes(-1), now.AddHours(1), [1, 2, 3]);

        new PeerCertificateValidator([pki.Authority.TrustRoot], TimeProvider.System).Validate(leaf, null, PeerRole.Client)
            .Failure.ShouldBe(PeerValidationFailure.MissingSpiffeId);
    }

    [Fact]
    public void Validate_LeafWithoutClientAuthEku_IsRefusedAsClient()
    {
        using var pki = new TestPki();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=server-only", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(TestPki.Cart.ToUri());
        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        using var leaf = request.Create(pki.Authority.SigningCertificate, now.AddMinutes(-1), now.AddHours(1), [1, 2, 3]);
        var validator = new PeerCertificateValidator([pki.Authority.TrustRoot], TimeProvider.System);

        validator.Validate(leaf, null, PeerRole.Client).Failure.ShouldBe(PeerValidationFailure.ExtendedKeyUsage);
        validator.Validate(leaf, null, PeerRole.Server).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Rotator_AtHalfLife_PublishesNewCertificate()
    {
        var time = new ManualTimeProvider();
        using var pki = new TestPki(time);
        var issuer = new LocalCertificateIssuer(pki.Authority, new OneToken(), "t");
        using var rotator = new CertificateRotator(TestPki.Cart, issuer, time);
        await rotator.StartAsync(CancellationToken.None);
        var first = rotator.Certificates.Current;

        time.Advance(TimeSpan.FromHours(11));
        rotator.Certificates.Version.ShouldBe(0);
        time.Advance(TimeSpan.FromHours(1.1));
        var second = await rotator.Certificates.WaitNewerAsync(0, CancellationToken.None);

        second.Leaf.SerialNumber.ShouldNotBe(first.Leaf.SerialNumber);
        second.NotAfter.ShouldBeGreaterThan(first.NotAfter);
    }

    private sealed class OneToken : IPodTokenReview
    {
        public SpiffeId? Review(string token) => token == "t" ? TestPki.Cart : null;
    }
}
