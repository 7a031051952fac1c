using Weft.Flows.Query;

namespace Weft.Flows.Tests.Store;

public sealed class FlowFilterTests
{
    private static readonly FlowRecord XaToYb = Flows.Flow(Flows.Pod("x", "a", "10.244.0.2", 43210), Flows.Pod("y", "b", "10.244.0.3", 80));

    [Fact]
    public void Matches_FromPod_MatchesOnlyThatSource()
    {
        new FlowFilter { FromPod = new PodRef("x", "a") }.Matches(XaToYb).ShouldBeTrue();
        new FlowFilter { FromPod = new PodRef("y", "b") }.Matches(XaToYb).ShouldBeFalse();
    }

    [Fact]
    public void Matches_ToPod_MatchesOnlyThatDestination()
    {
        new FlowFilter { ToPod = new PodRef("y", "b") }.Matches(XaToYb).ShouldBeTrue();
        new FlowFilter { ToPod = new PodRef("x", "a") }.Matches(XaToYb).ShouldBeFalse();
    }

    [Theory]
    [InlineData("x", true)]
    [InlineData("y", true)]
    [InlineData("z", false)]
    public void Matches_Namespace_MatchesEitherSide(string ns, bool expected) =>
        new FlowFilter { Namespace = ns }.Matches(XaToYb).ShouldBe(expected);

    [Fact]
    public void Matches_Verdict_MatchesOnlyThatVerdict()
    {
        new FlowFilter { Verdict = FlowVerdict.Forwarded }.Matches(XaToYb).ShouldBeTrue();
        new FlowFilter { Verdict = FlowVerdict.Dropped }.Matches(XaToYb).ShouldBeFalse();
    }

    [Fact]
    public void Matches_Port_MatchesDestinationPortNotSourcePort()
    {
        new FlowFilter { Port = 80 }.Matches(XaToYb).ShouldBeTrue();
        new FlowFilter { Port = 43210 }.Matches(XaToYb).ShouldBeFalse();
    }

    [Fact]
    public void Matches_PortOfServiceFrontend_Matches()
    {
        var viaService = XaToYb with
        {
            Service = new ServiceTranslation
            {
                ServiceName = "y/web", FrontendAddress = System.Net.IPAddress.Parse("10.96.0.5"), FrontendPort = 8080,
                BackendAddress = XaToYb.Destination.Address, BackendPort = 80,
            },
        };
        new FlowFilter { Port = 8080 }.Matches(viaService).ShouldBeTrue();
    }

    [Fact]
    public void Matches_Protocol_MatchesOnlyThatProtocol()
    {
        new FlowFilter { Protocol = IpProtocol.Tcp }.Matches(XaToYb).ShouldBeTrue();
        new FlowFilter { Protocol = IpProtocol.Udp }.Matches(XaToYb).ShouldBeFalse();
    }

    [Fact]
    public void Matches_Since_ExcludesOlderFlows()
    {
        new FlowFilter { Since = Flows.T0 }.Matches(XaToYb).ShouldBeTrue();
        new FlowFilter { Since = Flows.T0.AddMilliseconds(1) }.Matches(XaToYb).ShouldBeFalse();
    }

    [Fact]
    public void Matches_SeveralCriteria_AllMustHold()
    {
        new FlowFilter { FromPod = new PodRef("x", "a"), Port = 81 }.Matches(XaToYb).ShouldBeFalse();
        new FlowFilter { FromPod = new PodRef("x", "a"), Port = 80, Protocol = IpProtocol.Tcp }.Matches(XaToYb).ShouldBeTrue();
    }

    [Theory]
    [InlineData("5m", 300)]
    [InlineData("30s", 30)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d", 86400)]
    public void DurationText_ValidText_Parses(string text, int seconds)
    {
        DurationText.TryParse(text, out var duration).ShouldBeTrue();
        duration.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("m")]
    [InlineData("5x")]
    [InlineData("-5m")]
    public void DurationText_InvalidText_IsRejected(string text) => DurationText.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData("x/a", true)]
    [InlineData("x", false)]
    [InlineData("/a", false)]
    [InlineData("x/", false)]
    [InlineData("x/a/b", false)]
    public void PodRef_TryParse_AcceptsOnlyNamespaceSlashName(string text, bool valid) =>
        PodRef.TryParse(text, out _).ShouldBe(valid);
}
