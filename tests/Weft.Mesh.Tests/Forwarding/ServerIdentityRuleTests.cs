using Weft.Mesh.Forwarding;
using Weft.Mesh.Identity;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Forwarding;

public sealed class ServerIdentityRuleTests
{
    private static readonly PeerValidationResult PresentsCart = PeerValidationResult.Ok(TestPki.Cart);

    [Fact]
    public void Require_PresentedIdentityIsTheNamedOne_Succeeds()
    {
        ServerIdentityRule.Require(PresentsCart, TestPki.Cart.ToString(), "10.244.1.5").ShouldBeSameAs(PresentsCart);
    }

    [Fact]
    public void Require_ValidCertificateForAnotherIdentity_FailsAsUnexpectedIdentityNamingBoth()
    {
        var result = ServerIdentityRule.Require(PresentsCart, TestPki.Frontend.ToString(), "10.244.1.5");

        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldBe(PeerValidationFailure.UnexpectedIdentity);
        result.Message.ShouldContain(TestPki.Cart.ToString());
        result.Message.ShouldContain(TestPki.Frontend.ToString());
        UpstreamClients.Reason(result.Failure).ShouldBe("unexpected_identity");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Require_NoIdentityNamedForTheAddress_FailsClosed(string? named)
    {
        var result = ServerIdentityRule.Require(PresentsCart, named, "10.244.1.5");

        result.Failure.ShouldBe(PeerValidationFailure.UnexpectedIdentity);
        result.Message.ShouldContain("10.244.1.5");
    }

    [Fact]
    public void Require_CertificateAlreadyRefused_KeepsItsOwnReason()
    {
        var expired = PeerValidationResult.Fail(PeerValidationFailure.Expired, "expired");

        ServerIdentityRule.Require(expired, TestPki.Cart.ToString(), "10.244.1.5").ShouldBeSameAs(expired);
    }

    [Fact]
    public void Require_SameIdentityDifferentCase_IsAnotherIdentity()
    {
        // SPIFFE IDs compare exactly (the path is case-sensitive, SPIFFE-ID §2.2).
        var named = TestPki.Cart.ToString().Replace("/cart", "/Cart", StringComparison.Ordinal);

        ServerIdentityRule.Require(PresentsCart, named, "10.244.1.5").Succeeded.ShouldBeFalse();
    }
}
