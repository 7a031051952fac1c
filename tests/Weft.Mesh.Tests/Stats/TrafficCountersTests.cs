using System.Collections.Immutable;
using Weft.Mesh.Stats;

namespace Weft.Mesh.Tests.Stats;

public sealed class TrafficCountersTests
{
    private static TrafficCounters Buckets(params (double Bound, double Cumulative)[] buckets) =>
        new(buckets[^1].Cumulative, 0, buckets.ToImmutableSortedDictionary(b => b.Bound, b => b.Cumulative));

    [Fact]
    public void Quantile_InterpolatesInsideTheBucketLikeHistogramQuantile()
    {
        var counters = Buckets((0.001, 0), (0.005, 50), (0.01, 100), (double.PositiveInfinity, 100));

        counters.Quantile(0.50)!.Value.ShouldBe(0.005, 1e-12);
        counters.Quantile(0.99)!.Value.ShouldBe(0.0099, 1e-12);
        counters.Quantile(0.25)!.Value.ShouldBe(0.003, 1e-12);
    }

    [Fact]
    public void Quantile_InTheInfiniteBucket_IsTheLargestFiniteBound()
    {
        Buckets((0.001, 1), (50, 1), (double.PositiveInfinity, 10)).Quantile(0.99).ShouldBe(50);
    }

    [Fact]
    public void Quantile_NoObservations_IsNull()
    {
        TrafficCounters.Empty.Quantile(0.5).ShouldBeNull();
        Buckets((0.001, 0), (double.PositiveInfinity, 0)).Quantile(0.5).ShouldBeNull();
        TrafficCounters.Empty.SuccessRate.ShouldBeNull();
    }

    [Fact]
    public void Since_CounterWentDown_TakesTheNewScrapeWholeAsAfterARestart()
    {
        var before = new TrafficCounters(100, 0, ImmutableSortedDictionary<double, double>.Empty);
        var after = new TrafficCounters(7, 1, ImmutableSortedDictionary<double, double>.Empty);

        after.Since(before).ShouldBe(after);
        new TrafficCounters(130, 2, ImmutableSortedDictionary<double, double>.Empty).Since(before).Total.ShouldBe(32);
    }
}
