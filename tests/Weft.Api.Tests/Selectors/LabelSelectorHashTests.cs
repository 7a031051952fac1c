using System.Collections.Immutable;
using Weft.Api.Selectors;

namespace Weft.Api.Tests.Selectors;

public sealed class LabelSelectorHashTests
{
    [Fact]
    public void GetHashCode_SelectorsDifferingOnlyInLabelValue_SpreadOverManyHashes()
    {
        // Selectors on one key with different values are the common case (app=a, app=b, ...); they must not collide.
        var hashes = Enumerable.Range(0, 100)
            .Select(i => new LabelSelector { MatchLabels = ImmutableSortedDictionary<string, string>.Empty.Add("app", $"a{i}") }.GetHashCode())
            .Distinct()
            .Count();

        hashes.ShouldBeGreaterThan(90);
    }

    [Fact]
    public void Equals_SameLabels_AreEqualWithEqualHashes()
    {
        var a = new LabelSelector { MatchLabels = ImmutableSortedDictionary<string, string>.Empty.Add("app", "web").Add("tier", "1") };
        var b = new LabelSelector { MatchLabels = ImmutableSortedDictionary<string, string>.Empty.Add("tier", "1").Add("app", "web") };

        a.ShouldBe(b);
        a.GetHashCode().ShouldBe(b.GetHashCode());
    }
}
