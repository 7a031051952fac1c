using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Weft.Api.Selectors;

namespace Weft.Api.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["tier"] = "front" };
    private static readonly Dictionary<string, string> NoLabels = [];

    private static LabelSelector Expression(string key, SelectorOperator op, params string[] values) =>
        new() { MatchExpressions = [new LabelSelectorRequirement { Key = key, Operator = op, Values = [.. values] }] };

    private static LabelSelector Labels(params (string Key, string Value)[] labels) =>
        new() { MatchLabels = labels.ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal) };

    [Fact]
    public void Matches_EmptySelector_MatchesEverythingIncludingNoLabels()
    {
        LabelSelector.Everything.IsEmpty.ShouldBeTrue();
        LabelSelector.Everything.Matches(Web).ShouldBeTrue();
        LabelSelector.Everything.Matches(NoLabels).ShouldBeTrue();
        new LabelSelector().Matches(NoLabels).ShouldBeTrue();
    }

    [Fact]
    public void Matches_MatchLabels_RequiresEveryPairExactly()
    {
        Labels(("app", "web")).Matches(Web).ShouldBeTrue();
        Labels(("app", "web"), ("tier", "front")).Matches(Web).ShouldBeTrue();
        Labels(("app", "web"), ("tier", "back")).Matches(Web).ShouldBeFalse();
        Labels(("app", "Web")).Matches(Web).ShouldBeFalse();
        Labels(("missing", "")).Matches(Web).ShouldBeFalse();
    }

    [Fact]
    public void Matches_In_RequiresKeyWithOneOfTheValues()
    {
        Expression("app", SelectorOperator.In, "web", "api").Matches(Web).ShouldBeTrue();
        Expression("app", SelectorOperator.In, "api").Matches(Web).ShouldBeFalse();
        Expression("app", SelectorOperator.In, "web").Matches(NoLabels).ShouldBeFalse();
    }

    [Fact]
    public void Matches_NotIn_MatchesOtherValuesAndObjectsWithoutTheKey()
    {
        Expression("app", SelectorOperator.NotIn, "api").Matches(Web).ShouldBeTrue();
        Expression("app", SelectorOperator.NotIn, "web").Matches(Web).ShouldBeFalse();
        Expression("app", SelectorOperator.NotIn, "web").Matches(NoLabels).ShouldBeTrue();
    }

    [Fact]
    public void Matches_Exists_RequiresTheKeyWhateverItsValue()
    {
        Expression("tier", SelectorOperator.Exists).Matches(Web).ShouldBeTrue();
        Expression("tier", SelectorOperator.Exists).Matches(new Dictionary<string, string> { ["tier"] = "" }).ShouldBeTrue();
        Expression("tier", SelectorOperator.Exists).Matches(NoLabels).ShouldBeFalse();
    }

    [Fact]
    public void Matches_DoesNotExist_RequiresTheKeyAbsent()
    {
        Expression("legacy", SelectorOperator.DoesNotExist).Matches(Web).ShouldBeTrue();
        Expression("app", SelectorOperator.DoesNotExist).Matches(Web).ShouldBeFalse();
    }

    [Fact]
    public void Matches_LabelsAndExpressions_AreAnded()
    {
        var selector = Labels(("app", "web")) with
        {
            MatchExpressions =
            [
                new LabelSelectorRequirement { Key = "tier", Operator = SelectorOperator.In, Values = ["front"] },
                new LabelSelectorRequirement { Key = "legacy", Operator = SelectorOperator.DoesNotExist },
            ],
        };

        selector.Matches(Web).ShouldBeTrue();
        selector.Matches(new Dictionary<string, string>(Web) { ["legacy"] = "yes" }).ShouldBeFalse();
        selector.Matches(new Dictionary<string, string> { ["app"] = "web" }).ShouldBeFalse();
    }

    [Fact]
    public void ToString_UsesKubectlSyntax()
    {
        var selector = Labels(("app", "web")) with
        {
            MatchExpressions =
            [
                new LabelSelectorRequirement { Key = "tier", Operator = SelectorOperator.In, Values = ["a", "b"] },
                new LabelSelectorRequirement { Key = "env", Operator = SelectorOperator.NotIn, Values = ["dev"] },
                new LabelSelectorRequirement { Key = "canary", Operator = SelectorOperator.Exists },
                new LabelSelectorRequirement { Key = "legacy", Operator = SelectorOperator.DoesNotExist },
            ],
        };

        selector.ToString().ShouldBe("app=web,tier in (a,b),env notin (dev),canary,!legacy");
        LabelSelector.Everything.ToString().ShouldBeEmpty();
    }

    [Fact]
    public void Equality_IsStructural()
    {
        Expression("a", SelectorOperator.In, "x", "y").ShouldBe(Expression("a", SelectorOperator.In, "x", "y"));
        Expression("a", SelectorOperator.In, "x").GetHashCode().ShouldBe(Expression("a", SelectorOperator.In, "x").GetHashCode());
        Expression("a", SelectorOperator.In, "x").ShouldNotBe(Expression("a", SelectorOperator.NotIn, "x"));
        Labels(("a", "1")).ShouldBe(Labels(("a", "1")));
    }

    [Fact]
    public void Matches_OppositeOperators_AreComplements()
    {
        var keys = Gen.Elements("a", "b", "c");
        var values = Gen.Elements("1", "2", "3");
        var labelSets = Gen.Zip(keys, values).ArrayOf().Select(pairs =>
            pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.First().Item2));
        var cases = from labels in labelSets
                    from key in keys
                    from chosen in values.ArrayOf().Where(v => v.Length > 0)
                    select (labels, key, chosen);

        Prop.ForAll(cases.ToArbitrary(), c =>
                Expression(c.key, SelectorOperator.In, c.chosen).Matches(c.labels) != Expression(c.key, SelectorOperator.NotIn, c.chosen).Matches(c.labels)
                && Expression(c.key, SelectorOperator.Exists).Matches(c.labels) != Expression(c.key, SelectorOperator.DoesNotExist).Matches(c.labels)
                && Labels((c.key, c.chosen[0])).Matches(c.labels) == Expression(c.key, SelectorOperator.In, c.chosen[0]).Matches(c.labels))
            .QuickCheckThrowOnFailure();
    }
}
