using System.Net;
using Weft.Mesh.Balancing;
using Weft.Mesh.Tests.Support;
using Weft.Mesh.Watch;

namespace Weft.Mesh.Tests.Balancing;

public sealed class PowerOfTwoChoicesTests
{
    private static readonly IPEndPoint A = new(IPAddress.Loopback, 1001);
    private static readonly IPEndPoint B = new(IPAddress.Loopback, 1002);
    private static readonly IPEndPoint C = new(IPAddress.Loopback, 1003);

    [Fact]
    public void Pick_AfterObservedLatencies_PrefersTheFasterEndpoint()
    {
        var time = new ManualTimeProvider();
        var balancer = new PowerOfTwoChoices(new LatestValue<EndpointSet>(EndpointSet.Of(A, B, C)), time, new Random(42));
        Observe(balancer, A, time, TimeSpan.FromMilliseconds(200));
        Observe(balancer, B, time, TimeSpan.FromMilliseconds(2));
        Observe(balancer, C, time, TimeSpan.FromMilliseconds(100));

        var picks = new Dictionary<IPEndPoint, int> { [A] = 0, [B] = 0, [C] = 0 };
        for (var i = 0; i < 300; i++) picks[balancer.Pick()!.Address]++;

        // P2C compares two random endpoints: B wins whenever drawn (2/3 of draws), A never wins.
        picks[A].ShouldBe(0);
        picks[B].ShouldBeGreaterThan(picks[C]);
        picks[B].ShouldBeInRange(170, 230);
    }

    [Fact]
    public void Pick_SameSeed_SameSequence()
    {
        var set = new LatestValue<EndpointSet>(EndpointSet.Of(A, B, C));
        var one = new PowerOfTwoChoices(set, new ManualTimeProvider(), new Random(1));
        var two = new PowerOfTwoChoices(set, new ManualTimeProvider(), new Random(1));

        Enumerable.Range(0, 50).Select(_ => one.Pick()!.Address).ShouldBe(Enumerable.Range(0, 50).Select(_ => two.Pick()!.Address));
    }

    [Fact]
    public void Pick_InFlightRequests_RaiseCost()
    {
        var time = new ManualTimeProvider();
        var balancer = new PowerOfTwoChoices(new LatestValue<EndpointSet>(EndpointSet.Of(A, B)), time, new Random(3));
        var busy = balancer.Endpoints.Single(e => e.Address.Equals(A));
        for (var i = 0; i < 5; i++) busy.Load.Start();

        balancer.Pick()!.Address.ShouldBe(B);
    }

    [Fact]
    public void Pick_EndpointSetUpdated_KeepsStateOfRemainingEndpointsAndDropsRemoved()
    {
        var time = new ManualTimeProvider();
        var set = new LatestValue<EndpointSet>(EndpointSet.Of(A, B));
        var balancer = new PowerOfTwoChoices(set, time, new Random(5));
        Observe(balancer, A, time, TimeSpan.FromMilliseconds(500));
        var estimate = balancer.Endpoints.Single(e => e.Address.Equals(A)).Load.EstimateMs;

        set.Publish(EndpointSet.Of(A, C));

        balancer.Endpoints.Select(e => e.Address).ShouldBe([A, C]);
        balancer.Endpoints.Single(e => e.Address.Equals(A)).Load.EstimateMs.ShouldBe(estimate);
    }

    [Fact]
    public void Pick_ExcludingTheOnlyEndpoint_ReturnsNull()
    {
        var balancer = new PowerOfTwoChoices(new LatestValue<EndpointSet>(EndpointSet.Of(A)), new ManualTimeProvider(), new Random(5));

        balancer.Pick(balancer.Endpoints[0]).ShouldBeNull();
    }

    [Fact]
    public void PeakEwma_SlowResponse_RaisesEstimateAtOnce_FastOnesDecayIt()
    {
        var time = new ManualTimeProvider();
        var ewma = new PeakEwma(time, TimeSpan.FromMilliseconds(10));
        var start = ewma.Start();
        time.Advance(TimeSpan.FromMilliseconds(400));
        ewma.Complete(start);
        ewma.EstimateMs.ShouldBe(400, 0.001);

        for (var i = 0; i < 20; i++)
        {
            start = ewma.Start();
            time.Advance(TimeSpan.FromSeconds(1));
            ewma.Complete(start);
        }

        // Each 1 s sample is below the peak and folds in with weight 1 - e^(-1/10) at 1 s apart... towards 1000 ms here.
        ewma.EstimateMs.ShouldBeGreaterThan(400);
        ewma.Pending.ShouldBe(0);
    }

    [Fact]
    public void Pick_FailedEndpointLeftIdle_ReturnsToRotationAsItsPenaltyDecays()
    {
        var time = new ManualTimeProvider();
        var balancer = new PowerOfTwoChoices(new LatestValue<EndpointSet>(EndpointSet.Of(A, B)), time, new Random(7));
        var failed = balancer.Endpoints.Single(e => e.Address.Equals(A));
        failed.Load.Start();
        failed.Load.Fail(TimeSpan.FromSeconds(1));

        // B keeps answering in 5 ms; A gets no request, so only the decay can bring it back.
        Observe(balancer, B, time, TimeSpan.FromMilliseconds(5));
        balancer.Pick()!.Address.ShouldBe(B);

        var picksOfA = 0;
        for (var second = 0; second < 60 && picksOfA == 0; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            Observe(balancer, B, time, TimeSpan.FromMilliseconds(5));
            if (balancer.Pick()!.Address.Equals(A)) picksOfA++;
        }

        picksOfA.ShouldBe(1, "1 s penalty × e^(−t/10 s) falls below B's 5 ms after ~53 s");
    }

    [Fact]
    public void Cost_Idle_DecaysTowardsZeroWithTheDecayConstant()
    {
        var time = new ManualTimeProvider();
        var load = new PeakEwma(time, TimeSpan.FromMilliseconds(1));
        var start = load.Start();
        time.Advance(TimeSpan.FromMilliseconds(100));
        load.Complete(start);

        time.Advance(PeakEwma.Decay);

        load.Cost().ShouldBe(100 * Math.Exp(-1), 0.01);
    }

    [Fact]
    public void Pick_EndpointThatJoins_IsProbedAtOnce_ThenCompetesOnItsOwnRtt()
    {
        var time = new ManualTimeProvider();
        var set = new LatestValue<EndpointSet>(EndpointSet.Of(A));
        var balancer = new PowerOfTwoChoices(set, time, new Random(11));
        Observe(balancer, A, time, TimeSpan.FromMilliseconds(1)); // warm and fast

        set.Publish(EndpointSet.Of(A, B)); // a scaled-up deployment's new pod

        var joined = balancer.Pick()!;
        joined.Address.ShouldBe(B, "an endpoint that never answered costs nothing while idle: it gets a request at once");
        var probe = joined.Load.Start();
        balancer.Pick()!.Address.ShouldBe(A, "while its first request is in flight it costs the default RTT");
        time.Advance(TimeSpan.FromMilliseconds(50));
        joined.Load.Complete(probe);
        balancer.Pick()!.Address.ShouldBe(A, "from then on its measured 50 ms competes with A's 1 ms");
    }

    [Fact]
    public void Pick_FreshBalancer_SendsTheSecondRequestInFlightToTheOtherEndpoint()
    {
        var balancer = new PowerOfTwoChoices(new LatestValue<EndpointSet>(EndpointSet.Of(A, B)), new ManualTimeProvider(), new Random(13));

        var first = balancer.Pick()!;
        first.Load.Start(); // still in flight: it costs the default RTT, the other nothing

        balancer.Pick()!.Address.ShouldNotBe(first.Address);
    }

    private static void Observe(PowerOfTwoChoices balancer, IPEndPoint address, ManualTimeProvider time, TimeSpan rtt)
    {
        var endpoint = balancer.Endpoints.Single(e => e.Address.Equals(address));
        var start = endpoint.Load.Start();
        time.Advance(rtt);
        endpoint.Load.Complete(start);
    }
}
