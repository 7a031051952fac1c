using FsCheck;
using Weft.Mesh.Identity;

namespace Weft.Mesh.Tests.Identity;

public sealed class SpiffeIdTests
{
    [Fact]
    public void ForWorkload_BuildsNamespaceAndServiceAccountPath()
    {
        var id = SpiffeId.ForWorkload("cluster.local", "shop", "cart");

        id.ToString().ShouldBe("spiffe://cluster.local/ns/shop/sa/cart");
        id.Namespace.ShouldBe("shop");
        id.ServiceAccount.ShouldBe("cart");
    }

    [Fact]
    public void ForWorkload_EmptyServiceAccount_UsesDefault() =>
        SpiffeId.ForWorkload("cluster.local", "shop", "").ServiceAccount.ShouldBe("default");

    [Theory]
    [InlineData("http://cluster.local/ns/a/sa/b")]
    [InlineData("spiffe://")]
    [InlineData("spiffe://Cluster.local/ns/a")]
    [InlineData("spiffe://cluster.local/ns//sa/b")]
    [InlineData("spiffe://cluster.local/ns/../sa/b")]
    [InlineData("spiffe://cluster.local/ns/a?x=1")]
    [InlineData("spiffe://cluster.local:8443/ns/a")]
    [InlineData("spiffe://cluster.local/ns/a/")]
    public void TryParse_MalformedId_Fails(string text) => SpiffeId.TryParse(text, out _, out _).ShouldBeFalse();

    [Fact]
    public void TryParse_WellFormedIds_RoundTrip()
    {
        FsCheck.Fluent.Prop.ForAll(
            FsCheck.Fluent.Arb.From(FsCheck.Fluent.Gen.Two(FsCheck.Fluent.Gen.Elements("a", "b-1", "x_y", "z.z"))),
            pair =>
            {
                var id = SpiffeId.ForWorkload("cluster.local", pair.Item1, pair.Item2);
                return SpiffeId.TryParse(id.ToString(), out var parsed, out _) && parsed == id;
            }).QuickCheckThrowOnFailure();
    }
}
