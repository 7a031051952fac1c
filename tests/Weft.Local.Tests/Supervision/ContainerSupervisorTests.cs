using Weft.Api.Resources;
using Weft.Local.Processes;
using Weft.Local.Supervision;
using Weft.Local.Tests.Fakes;
using Weft.Local.Tests.Support;

namespace Weft.Local.Tests.Supervision;

public sealed class ContainerSupervisorTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeProcessLauncher _launcher = new();
    private readonly string _stateDir = Directory.CreateTempSubdirectory("wtapp-state-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    private ContainerSupervisor Create(RestartPolicy policy, string command = "/bin/app", ProcessRecordStore? records = null) => new(
        "default", "web", new ContainerLifecycle("app", "default/web", policy),
        new ProcessStartSpec { FileName = command, LogPath = Path.Combine(_stateDir, "app.log") },
        _launcher, records, _time);

    [Fact]
    public async Task Start_LaunchesProcess_AndReportsRunning()
    {
        await using var supervisor = Create(RestartPolicy.Always);
        supervisor.Start();

        var process = await _launcher.NextLaunchAsync();

        await Eventually.Until(() => supervisor.Status.State is RunningState, "running");
        supervisor.Status.State.ShouldBe(new RunningState(_time.GetUtcNow(), process.Identity.Pid));
    }

    [Fact]
    public async Task CrashLoop_RestartsImmediatelyThenAfterTenThenTwentySeconds()
    {
        await using var supervisor = Create(RestartPolicy.Always);
        supervisor.Start();
        (await _launcher.NextLaunchAsync()).Exit(1);

        // First crash: restarted at once.
        var second = await _launcher.NextLaunchAsync();
        second.Exit(1);
        await Eventually.Until(() => _time.PendingTimers == 1, "back-off timer");
        supervisor.Status.State.ShouldBeOfType<WaitingState>().Reason.ShouldBe(ContainerReasons.CrashLoopBackOff);

        _time.Advance(TimeSpan.FromSeconds(9));
        _launcher.TryTakeLaunch(out _).ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));
        var third = await _launcher.NextLaunchAsync();
        third.Exit(2);

        await Eventually.Until(() => _time.PendingTimers == 1, "back-off timer");
        (_time.NextDue - _time.GetUtcNow()).ShouldBe(TimeSpan.FromSeconds(20));
        supervisor.Status.RestartCount.ShouldBe(2);
        supervisor.Status.LastState!.ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task OnFailure_ExitZero_StaysCompleted()
    {
        await using var supervisor = Create(RestartPolicy.OnFailure);
        supervisor.Start();
        (await _launcher.NextLaunchAsync()).Exit(0);

        await supervisor.Completion;

        supervisor.Status.State.ShouldBeOfType<TerminatedState>().Reason.ShouldBe(ContainerReasons.Completed);
        _launcher.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task MissingCommand_WithNever_IsContainerCannotRun()
    {
        _launcher.Missing.Add("/bin/nope");
        await using var supervisor = Create(RestartPolicy.Never, "/bin/nope");
        supervisor.Start();

        await supervisor.Completion;

        var terminated = supervisor.Status.State.ShouldBeOfType<TerminatedState>();
        terminated.Reason.ShouldBe(ContainerReasons.ContainerCannotRun);
        terminated.Message!.ShouldContain("executable file not found");
    }

    [Fact]
    public async Task Stop_ProcessIgnoringSigterm_IsKilledAfterGracePeriod()
    {
        var supervisor = Create(RestartPolicy.Always);
        supervisor.Start();
        var process = await _launcher.NextLaunchAsync();
        process.ExitsOnTerminate = false;

        var stopping = supervisor.StopAsync(TimeSpan.FromSeconds(30));
        await Eventually.Until(() => _time.PendingTimers == 1, "grace timer");
        process.Signals.ShouldBe([ProcessSignal.Terminate]);
        _time.Advance(TimeSpan.FromSeconds(30));
        await stopping;

        process.Signals.ShouldBe([ProcessSignal.Terminate, ProcessSignal.Kill]);
        supervisor.Status.State.ShouldBeOfType<TerminatedState>().ExitCode.ShouldBe(137);
        _launcher.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task Stop_DuringBackOff_DoesNotRestart()
    {
        var supervisor = Create(RestartPolicy.Always);
        supervisor.Start();
        (await _launcher.NextLaunchAsync()).Exit(1);
        (await _launcher.NextLaunchAsync()).Exit(1);
        await Eventually.Until(() => _time.PendingTimers == 1, "back-off timer");

        await supervisor.StopAsync(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromMinutes(1));

        _launcher.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task RunningProcess_IsRecordedInStateDirectory_UntilItExits()
    {
        var records = new ProcessRecordStore(new PodPaths(_stateDir));
        await using var supervisor = Create(RestartPolicy.Never, records: records);
        supervisor.Start();
        var process = await _launcher.NextLaunchAsync();
        await Eventually.Until(() => supervisor.Status.State is RunningState, "running");

        records.LoadAll().ShouldBe([new ProcessRecord("default", "web", "app", process.Identity.Pid, 42)]);
        process.Exit(0);
        await supervisor.Completion;

        records.LoadAll().ShouldBeEmpty();
    }
}
