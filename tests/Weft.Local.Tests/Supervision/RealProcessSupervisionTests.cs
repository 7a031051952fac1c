using Weft.Api.Resources;
using Weft.Local.Processes;
using Weft.Local.Supervision;
using Weft.Local.Tests.Fakes;
using Weft.Local.Tests.Support;

namespace Weft.Local.Tests.Supervision;

/// <summary>Functional: the supervisor with real processes and a manual clock (back-off without waiting).</summary>
public sealed class RealProcessSupervisionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wtapp-sup-").FullName;
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task CrashingCommand_IsRestartedAndLogsEveryRun()
    {
        var log = Path.Combine(_dir, "app.log");
        var spec = new ProcessStartSpec { FileName = "sh", Arguments = ["-c", "echo run; exit 1"], LogPath = log };
        await using var supervisor = new ContainerSupervisor("x", "a", new ContainerLifecycle("app", "x/a", RestartPolicy.Always), spec, new LinuxProcessLauncher(), null, _time);
        supervisor.Start();

        await Eventually.Until(() => supervisor.Status.State is WaitingState { Reason: ContainerReasons.CrashLoopBackOff } && _time.PendingTimers == 1, "first back-off");
        _time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.Until(() => supervisor.Status.RestartCount == 2 && _time.PendingTimers == 1, "second back-off");

        supervisor.Status.LastState!.ShouldSatisfyAllConditions(t => t.ExitCode.ShouldBe(1), t => t.Reason.ShouldBe(ContainerReasons.Error));
        (await File.ReadAllTextAsync(log)).ShouldBe("run\nrun\nrun\n");
    }

    [Fact]
    public async Task MissingCommand_LeavesContainerCannotRun()
    {
        var spec = new ProcessStartSpec { FileName = "wtapp-missing-binary", LogPath = Path.Combine(_dir, "app.log") };
        await using var supervisor = new ContainerSupervisor("x", "a", new ContainerLifecycle("app", "x/a", RestartPolicy.Never), spec, new LinuxProcessLauncher(), null, _time);
        supervisor.Start();

        await supervisor.Completion;

        supervisor.Status.State.ShouldBeOfType<TerminatedState>().Reason.ShouldBe(ContainerReasons.ContainerCannotRun);
    }
}
