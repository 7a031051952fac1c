using Weft.Local.Processes;
using Weft.Local.Tests.Support;

namespace Weft.Local.Tests.Processes;

/// <summary>Functional: real child processes on this machine (no namespaces, no root needed).</summary>
public sealed class LinuxProcessLauncherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wtapp-proc-").FullName;
    private readonly LinuxProcessLauncher _launcher = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ProcessStartSpec Shell(string script) => new()
    {
        FileName = "sh",
        Arguments = ["-c", script],
        Environment = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("GREETING", "hello"),
        LogPath = Path.Combine(_dir, "pods", "x_a", "app.log"),
    };

    [Fact]
    public async Task Launch_CapturesStdoutAndStderrAndExitCode()
    {
        var result = _launcher.Launch(Shell("echo out $GREETING; echo err >&2; exit 3"));

        var process = result.Process.ShouldNotBeNull();
        (await process.Exited).ShouldBe(3);
        (await File.ReadAllTextAsync(Path.Combine(_dir, "pods", "x_a", "app.log"))).ShouldBe("out hello\nerr\n");
    }

    [Fact]
    public async Task Launch_EnvironmentIsExactlyTheSpecPlusDefaultPath()
    {
        var process = _launcher.Launch(Shell("env | sort")).Process!;
        await process.Exited;

        var lines = (await File.ReadAllLinesAsync(Path.Combine(_dir, "pods", "x_a", "app.log"))).Where(l => !l.StartsWith("PWD=", StringComparison.Ordinal) && !l.StartsWith("SHLVL=", StringComparison.Ordinal) && !l.StartsWith("_=", StringComparison.Ordinal));
        lines.ShouldBe(["GREETING=hello", $"PATH={ProcessStartSpec.DefaultPath}"]);
    }

    [Fact]
    public async Task Launch_PidIsTheCommandsOwnAndLeadsItsSession()
    {
        var process = _launcher.Launch(Shell("echo $$; ps -o sid= -p $$")).Process!;
        await process.Exited;

        var lines = await File.ReadAllLinesAsync(Path.Combine(_dir, "pods", "x_a", "app.log"));
        lines[0].ShouldBe(process.Identity.Pid.ToString());
        lines[1].Trim().ShouldBe(process.Identity.Pid.ToString());
    }

    [Fact]
    public void Launch_MissingCommand_CannotRun()
    {
        var result = _launcher.Launch(new ProcessStartSpec { FileName = "wtapp-no-such-command", LogPath = Path.Combine(_dir, "x.log") });

        result.Process.ShouldBeNull();
        result.Error.ShouldBe("exec: \"wtapp-no-such-command\": executable file not found in $PATH");
    }

    [Fact]
    public void Launch_MissingNamespace_CannotRun()
    {
        var result = _launcher.Launch(Shell("true") with { NetworkNamespace = "wtapp-does-not-exist" });

        result.Error.ShouldBe("network namespace \"wtapp-does-not-exist\" does not exist");
    }

    [Fact]
    public async Task Terminator_ProcessThatExitsOnSigterm_IsTerminated()
    {
        var process = _launcher.Launch(Shell("exec sleep 300")).Process!;

        var outcome = await new ProcessTerminator(TimeProvider.System).StopAsync(process.Identity, TimeSpan.FromSeconds(10), CancellationToken.None);

        outcome.ShouldBe(StopOutcome.Terminated);
        (await process.Exited).ShouldBe(128 + 15);
    }

    [Fact]
    public async Task Terminator_ProcessIgnoringSigterm_IsKilledAfterGrace()
    {
        var process = _launcher.Launch(Shell("trap '' TERM; echo trapped; while :; do sleep 0.05; done")).Process!;
        await Eventually.Until(() => File.Exists(Path.Combine(_dir, "pods", "x_a", "app.log")) && File.ReadAllText(Path.Combine(_dir, "pods", "x_a", "app.log")).Contains("trapped", StringComparison.Ordinal), "trap installed");

        var outcome = await new ProcessTerminator(TimeProvider.System).StopAsync(process.Identity, TimeSpan.FromMilliseconds(200), CancellationToken.None);

        outcome.ShouldBe(StopOutcome.Killed);
        (await process.Exited).ShouldBe(128 + 9);
    }

    [Fact]
    public async Task Terminator_ReusedOrGonePid_SignalsNothing()
    {
        var process = _launcher.Launch(Shell("exit 0")).Process!;
        await process.Exited;

        (await new ProcessTerminator(TimeProvider.System).StopAsync(process.Identity, TimeSpan.FromSeconds(1), CancellationToken.None)).ShouldBe(StopOutcome.NotRunning);
        var self = Environment.ProcessId;
        ProcStat.TryRead(self, out var start, out _);
        (await new ProcessTerminator(TimeProvider.System).StopAsync(new ProcessIdentity(self, start + 1), TimeSpan.FromSeconds(1), CancellationToken.None)).ShouldBe(StopOutcome.NotRunning);
    }

    [Fact]
    public async Task RecordedProcesses_CanBeStoppedByALaterRun()
    {
        var paths = new PodPaths(_dir);
        var store = new ProcessRecordStore(paths);
        var process = _launcher.Launch(Shell("exec sleep 300")).Process!;
        store.Save(new ProcessRecord("x", "a", "app", process.Identity.Pid, process.Identity.StartTime));

        // A later weft (weft down) knows only the state directory.
        var records = new ProcessRecordStore(paths).LoadAll();
        var outcomes = await Task.WhenAll(records.Select(r => new ProcessTerminator(TimeProvider.System).StopAsync(r.Identity, TimeSpan.FromSeconds(10), CancellationToken.None)));

        outcomes.ShouldBe([StopOutcome.Terminated]);
        await process.Exited;
    }
}
