using Weft.Local.Supervision;

namespace Weft.Local.Tests.Supervision;

public sealed class PodRuntimeStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ContainerStatus Container(ContainerState state, bool ready = false, int restarts = 0, DateTimeOffset? next = null) =>
        new() { Name = "c", State = state, Ready = ready, RestartCount = restarts, NextRestartAt = next };

    [Fact]
    public void Status_AllRunningAndReady_IsRunningAndReady()
    {
        var status = new PodRuntimeStatus([Container(new RunningState(T0, 1), ready: true), Container(new RunningState(T0, 2), ready: true, restarts: 2)]);

        status.Phase.ShouldBe(PodPhase.Running);
        status.Ready.ShouldBeTrue();
        status.DisplayStatus.ShouldBe("Running");
        status.Restarts.ShouldBe(2);
    }

    [Fact]
    public void Status_OneContainerInBackOff_ShowsCrashLoopBackOff()
    {
        var status = new PodRuntimeStatus([Container(new RunningState(T0, 1), ready: true), Container(new WaitingState(ContainerReasons.CrashLoopBackOff), next: T0)]);

        status.Phase.ShouldBe(PodPhase.Running);
        status.Ready.ShouldBeFalse();
        status.ReadyCount.ShouldBe(1);
        status.DisplayStatus.ShouldBe("CrashLoopBackOff");
    }

    [Fact]
    public void Status_NotYetStarted_IsPendingContainerCreating()
    {
        var status = new PodRuntimeStatus([Container(new WaitingState(ContainerReasons.ContainerCreating))]);

        status.Phase.ShouldBe(PodPhase.Pending);
        status.DisplayStatus.ShouldBe("ContainerCreating");
    }

    [Fact]
    public void Status_AllExitedZeroForGood_IsSucceededCompleted()
    {
        var status = new PodRuntimeStatus([Container(new TerminatedState(0, ContainerReasons.Completed, T0))]);

        status.Phase.ShouldBe(PodPhase.Succeeded);
        status.DisplayStatus.ShouldBe("Completed");
    }

    [Fact]
    public void Status_CannotRunForGood_IsFailedWithReason()
    {
        var status = new PodRuntimeStatus([Container(new TerminatedState(128, ContainerReasons.ContainerCannotRun, T0))]);

        status.Phase.ShouldBe(PodPhase.Failed);
        status.DisplayStatus.ShouldBe("ContainerCannotRun");
    }
}
