using Weft.Local.Processes;
using Weft.Local.Supervision;

namespace Weft.Local.Tests.Supervision;

public sealed class PodStatusStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("wtapp-status-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SaveThenLoadAll_RoundTripsTheSnapshot()
    {
        var status = new PodRuntimeStatus([
            new ContainerStatus { Name = "app", State = new WaitingState(ContainerReasons.CrashLoopBackOff, "back-off 10s"), RestartCount = 2, LastState = new TerminatedState(1, ContainerReasons.Error, T0) },
            new ContainerStatus { Name = "side", State = new RunningState(T0, 77), Ready = true },
        ]);
        var store = new PodStatusStore(new PodPaths(_dir));

        store.Save(PodStatusSnapshot.From("shop", "cart-0", status, T0));
        var loaded = store.LoadAll().ShouldHaveSingleItem();

        loaded.ShouldSatisfyAllConditions(
            s => s.Status.ShouldBe("CrashLoopBackOff"),
            s => s.Phase.ShouldBe("Running"),
            s => (s.ReadyContainers, s.Containers, s.Restarts).ShouldBe((1, 2, 2)),
            s => s.ContainerStatuses[0].ShouldBe(new ContainerStatusSnapshot { Name = "app", State = "waiting", Reason = "CrashLoopBackOff", Message = "back-off 10s", RestartCount = 2, LastExitCode = 1, LastReason = "Error" }),
            s => s.ContainerStatuses[1].Pid.ShouldBe(77));
    }

    [Fact]
    public void Load_UnknownPod_IsNull()
    {
        new PodStatusStore(new PodPaths(_dir)).Load("x", "nope").ShouldBeNull();
    }
}
