using Weft.Api.Resources;
using Weft.Local.Supervision;

namespace Weft.Local.Tests.Supervision;

public sealed class ContainerLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ContainerLifecycle Create(RestartPolicy policy) => new("app", "default/web", policy);

    [Fact]
    public void NewContainer_IsWaitingContainerCreating()
    {
        Create(RestartPolicy.Always).Status.State.ShouldBe(new WaitingState(ContainerReasons.ContainerCreating));
    }

    [Fact]
    public void Started_FirstRun_IsRunningWithNoRestarts()
    {
        var lifecycle = Create(RestartPolicy.Always);

        var status = lifecycle.Started(T0, 4242);

        status.State.ShouldBe(new RunningState(T0, 4242));
        status.RestartCount.ShouldBe(0);
        status.Ready.ShouldBeFalse();
    }

    [Theory]
    [InlineData(RestartPolicy.Always, 0, true)]
    [InlineData(RestartPolicy.Always, 1, true)]
    [InlineData(RestartPolicy.OnFailure, 0, false)]
    [InlineData(RestartPolicy.OnFailure, 2, true)]
    [InlineData(RestartPolicy.Never, 0, false)]
    [InlineData(RestartPolicy.Never, 1, false)]
    public void Exited_RestartsPerRestartPolicy(RestartPolicy policy, int exitCode, bool restarts)
    {
        var lifecycle = Create(policy);
        lifecycle.Started(T0, 1);

        lifecycle.Exited(T0.AddSeconds(5), exitCode).Restarts.ShouldBe(restarts);
    }

    [Fact]
    public void Exited_ZeroWithNever_IsTerminatedCompleted()
    {
        var lifecycle = Create(RestartPolicy.Never);
        lifecycle.Started(T0, 1);

        lifecycle.Exited(T0.AddSeconds(5), 0);

        var terminated = lifecycle.Status.State.ShouldBeOfType<TerminatedState>();
        terminated.Reason.ShouldBe(ContainerReasons.Completed);
        terminated.StartedAt.ShouldBe(T0);
        terminated.FinishedAt.ShouldBe(T0.AddSeconds(5));
    }

    [Fact]
    public void Exited_NonZeroWithNever_IsTerminatedErrorWithExitCode()
    {
        var lifecycle = Create(RestartPolicy.Never);
        lifecycle.Started(T0, 1);

        lifecycle.Exited(T0.AddSeconds(5), 3);

        lifecycle.Status.State.ShouldBeOfType<TerminatedState>().ShouldSatisfyAllConditions(
            t => t.Reason.ShouldBe(ContainerReasons.Error),
            t => t.ExitCode.ShouldBe(3));
    }

    [Fact]
    public void Exited_SecondCrash_IsWaitingCrashLoopBackOffWithKubeletMessage()
    {
        var lifecycle = Create(RestartPolicy.Always);
        lifecycle.Started(T0, 1);
        lifecycle.Exited(T0.AddSeconds(1), 1);
        lifecycle.Started(T0.AddSeconds(1), 2);

        var decision = lifecycle.Exited(T0.AddSeconds(2), 1);

        decision.RestartAt.ShouldBe(T0.AddSeconds(12));
        lifecycle.Status.State.ShouldBe(new WaitingState(ContainerReasons.CrashLoopBackOff, "back-off 10s restarting failed container=app pod=default/web"));
        lifecycle.Status.LastState!.ExitCode.ShouldBe(1);
        lifecycle.Status.RestartCount.ShouldBe(1);
    }

    [Fact]
    public void Started_AfterExit_CountsRestartAndKeepsLastState()
    {
        var lifecycle = Create(RestartPolicy.Always);
        lifecycle.Started(T0, 1);
        lifecycle.Exited(T0.AddSeconds(1), 137);

        var status = lifecycle.Started(T0.AddSeconds(1), 2);

        status.RestartCount.ShouldBe(1);
        status.LastState!.ExitCode.ShouldBe(137);
        status.State.ShouldBeOfType<RunningState>();
    }

    [Fact]
    public void CouldNotStart_WithNever_IsTerminatedContainerCannotRun()
    {
        var lifecycle = Create(RestartPolicy.Never);

        lifecycle.CouldNotStart(T0, "exec: \"nope\": executable file not found in $PATH").Restarts.ShouldBeFalse();

        var terminated = lifecycle.Status.State.ShouldBeOfType<TerminatedState>();
        terminated.Reason.ShouldBe(ContainerReasons.ContainerCannotRun);
        terminated.ExitCode.ShouldBe(128);
        terminated.Message!.ShouldContain("nope");
    }

    [Fact]
    public void CouldNotStart_WithOnFailure_BacksOffLikeACrash()
    {
        var lifecycle = Create(RestartPolicy.OnFailure);
        lifecycle.CouldNotStart(T0, "missing").RestartAt.ShouldBe(T0);

        lifecycle.CouldNotStart(T0, "missing").RestartAt.ShouldBe(T0.AddSeconds(10));
        lifecycle.Status.State.ShouldBeOfType<WaitingState>().Reason.ShouldBe(ContainerReasons.CrashLoopBackOff);
        lifecycle.Status.LastState!.Reason.ShouldBe(ContainerReasons.ContainerCannotRun);
    }

    [Fact]
    public void SetReady_WhenNotRunning_IsIgnored()
    {
        var lifecycle = Create(RestartPolicy.Always);

        lifecycle.SetReady(true).Ready.ShouldBeFalse();
    }

    [Fact]
    public void Exited_ClearsReadiness()
    {
        var lifecycle = Create(RestartPolicy.Always);
        lifecycle.Started(T0, 1);
        lifecycle.SetReady(true).Ready.ShouldBeTrue();

        lifecycle.Exited(T0.AddSeconds(1), 1);

        lifecycle.Status.Ready.ShouldBeFalse();
    }
}
