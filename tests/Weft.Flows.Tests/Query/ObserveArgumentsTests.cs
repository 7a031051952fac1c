using Weft.Flows.Output;
using Weft.Flows.Query;

namespace Weft.Flows.Tests.Query;

public sealed class ObserveArgumentsTests
{
    private readonly ManualTimeProvider _time = new(Flows.T0);

    [Fact]
    public void TryBuild_FullOptionSet_BuildsFilterQueryAndFormat()
    {
        var arguments = new ObserveArguments
        {
            FromPod = "x/a", ToPod = "y/b", Namespace = "y", Verdict = "dropped", Port = 80, Protocol = "TCP",
            Since = "5m", Last = 20, Follow = true, Output = "json",
        };

        arguments.TryBuild(_time, out var query, out var format, out var errors).ShouldBeTrue();
        errors.ShouldBeEmpty();
        format.ShouldBe(FlowOutputFormat.Json);
        query.Last.ShouldBe(20);
        query.Follow.ShouldBeTrue();
        query.Filter.ShouldBe(new FlowFilter
        {
            FromPod = new PodRef("x", "a"), ToPod = new PodRef("y", "b"), Namespace = "y", Verdict = FlowVerdict.Dropped,
            Port = 80, Protocol = IpProtocol.Tcp, Since = Flows.T0.AddMinutes(-5),
        });
    }

    [Fact]
    public void TryBuild_NoOptions_IsEverythingCompact()
    {
        new ObserveArguments().TryBuild(_time, out var query, out var format, out _).ShouldBeTrue();
        query.Filter.ShouldBe(FlowFilter.All);
        format.ShouldBe(FlowOutputFormat.Compact);
    }

    [Fact]
    public void TryBuild_SeveralBadOptions_ReportsEachOne()
    {
        var arguments = new ObserveArguments { FromPod = "a", Verdict = "MAYBE", Port = 70000, Protocol = "tcpx", Since = "soon", Last = 0, Output = "yaml" };
        arguments.TryBuild(_time, out _, out _, out var errors).ShouldBeFalse();
        errors.Select(e => e[..e.IndexOf(':')]).ShouldBe(["--from-pod", "--verdict", "--port", "--protocol", "--since", "--last", "-o"]);
    }
}
