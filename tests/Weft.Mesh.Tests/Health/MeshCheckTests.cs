using Weft.Mesh.Health;
using Weft.Mesh.Identity;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Health;

public sealed class MeshCheckTests
{
    private static readonly SpiffeId Cart = TestPki.Cart;

    private static IReadOnlyList<CheckResult> Evaluate(CertificateAuthority ca, TimeProvider time, params ProxyStatus[] proxies) =>
        MeshCheck.Evaluate(ca.SigningCertificate, ca.Parents, ca.TrustRoot, proxies, time);

    private static ProxyStatus Proxy(WorkloadCertificate? cert, bool ready = true, string? identity = null) =>
        new("shop/cart-1", identity ?? Cart.ToString(), ready, cert?.Leaf.ExportCertificatePem());

    [Fact]
    public void Evaluate_ReadyProxyWithFreshCertificate_PassesEveryCheck()
    {
        var time = new ManualTimeProvider();
        using var pki = new TestPki(time);
        using var cert = pki.Issue(Cart);

        var results = Evaluate(pki.Authority, time, Proxy(cert));

        results.ShouldAllBe(r => r.Ok);
        results.Select(r => r.Text).ShouldContain("shop/cart-1: proxy ready");
        results.Select(r => r.Text).ShouldContain(t => t.Contains("chains to the trust root", StringComparison.Ordinal));
        results.Count.ShouldBe(4, "CA, ready, chain, fresh");
    }

    [Fact]
    public void Evaluate_ProxyNotReady_FailsThatLineOnly()
    {
        var time = new ManualTimeProvider();
        using var pki = new TestPki(time);
        using var cert = pki.Issue(Cart);

        var results = Evaluate(pki.Authority, time, Proxy(cert, ready: false));

        results.Where(r => !r.Ok).ShouldHaveSingleItem().Text.ShouldContain("proxy not ready");
    }

    [Fact]
    public void Evaluate_CertificatePastHalfLifeAndMargin_IsStale()
    {
        var time = new ManualTimeProvider();
        using var pki = new TestPki(time);
        using var cert = pki.Issue(Cart, TimeSpan.FromHours(24));
        var lifetime = cert.NotAfter - cert.NotBefore;

        time.Advance((cert.NotBefore + (lifetime * 0.55)) - time.GetUtcNow());
        Evaluate(pki.Authority, time, Proxy(cert)).ShouldAllBe(r => r.Ok, "within the margin after half-life: renewal may be under way");

        time.Advance(lifetime * 0.1);
        Evaluate(pki.Authority, time, Proxy(cert)).Where(r => !r.Ok).ShouldHaveSingleItem().Text.ShouldContain("certificate stale");
    }

    [Fact]
    public void Evaluate_CertificateFromAnotherCa_DoesNotChain()
    {
        var time = new ManualTimeProvider();
        using var pki = new TestPki(time);
        using var other = new TestPki(time);
        using var cert = other.Issue(Cart);

        Evaluate(pki.Authority, time, Proxy(cert)).Where(r => !r.Ok).ShouldHaveSingleItem().Text.ShouldContain("does not validate");
    }

    [Fact]
    public void Evaluate_CertificateForAnotherIdentity_Fails()
    {
        var time = new ManualTimeProvider();
        using var pki = new TestPki(time);
        using var cert = pki.Issue(TestPki.Frontend);

        Evaluate(pki.Authority, time, Proxy(cert)).Where(r => !r.Ok).ShouldHaveSingleItem().Text.ShouldContain("expected " + Cart);
    }

    [Fact]
    public void Evaluate_NoCertificateYet_Fails()
    {
        var time = new ManualTimeProvider();
        using var pki = new TestPki(time);

        Evaluate(pki.Authority, time, Proxy(null)).Where(r => !r.Ok).ShouldHaveSingleItem().Text.ShouldContain("no certificate");
    }

    [Fact]
    public void Evaluate_CaNearExpiryOrExpired_Fails()
    {
        var time = new ManualTimeProvider();
        using var ca = CertificateAuthority.CreateRoot("cluster.local", time, TimeSpan.FromDays(10));

        Evaluate(ca, time).ShouldHaveSingleItem().Text.ShouldContain("expires in");

        time.Advance(TimeSpan.FromDays(11));
        var expired = Evaluate(ca, time).ShouldHaveSingleItem();
        expired.Ok.ShouldBeFalse();
        expired.Text.ShouldContain("not valid now");
    }
}
