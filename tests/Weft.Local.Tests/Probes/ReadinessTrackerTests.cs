using Weft.Local.Probes;

namespace Weft.Local.Tests.Probes;

public sealed class ReadinessTrackerTests
{
    [Fact]
    public void NewTracker_IsNotReady()
    {
        new ReadinessTracker(1, 3).Ready.ShouldBeFalse();
    }

    [Fact]
    public void Record_SuccessesBelowThreshold_StayNotReady()
    {
        var tracker = new ReadinessTracker(successThreshold: 3, failureThreshold: 3);

        tracker.Record(true).ShouldBeFalse();
        tracker.Record(true).ShouldBeFalse();
        tracker.Record(true).ShouldBeTrue();
    }

    [Fact]
    public void Record_FailuresBelowThreshold_KeepReady()
    {
        var tracker = new ReadinessTracker(successThreshold: 1, failureThreshold: 3);
        tracker.Record(true);

        tracker.Record(false).ShouldBeTrue();
        tracker.Record(false).ShouldBeTrue();
        tracker.Record(false).ShouldBeFalse();
    }

    [Fact]
    public void Record_InterruptedRun_StartsCountingAgain()
    {
        var tracker = new ReadinessTracker(successThreshold: 2, failureThreshold: 2);

        tracker.Record(true).ShouldBeFalse();
        tracker.Record(false).ShouldBeFalse();
        tracker.Record(true).ShouldBeFalse();
        tracker.Record(true).ShouldBeTrue();
        tracker.Record(false).ShouldBeTrue();
        tracker.Record(true).ShouldBeTrue();
        tracker.Record(false).ShouldBeTrue();
        tracker.Record(false).ShouldBeFalse();
    }

    [Fact]
    public void Reset_AfterReady_IsNotReadyWithNoHistory()
    {
        var tracker = new ReadinessTracker(successThreshold: 2, failureThreshold: 1);
        tracker.Record(true);
        tracker.Record(true);

        tracker.Reset();

        tracker.Ready.ShouldBeFalse();
        tracker.Record(true).ShouldBeFalse();
    }
}
