using Weft.Local.Processes;

namespace Weft.Local.Tests.Processes;

public sealed class RecordedProcessReaperTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wtapp-reap-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task StopAll_StopsLiveProcesses_SkipsStaleRecords_AndRemovesAllRecords()
    {
        var store = new ProcessRecordStore(new PodPaths(_dir));
        var live = new LinuxProcessLauncher().Launch(new ProcessStartSpec { FileName = "sleep", Arguments = ["300"], LogPath = Path.Combine(_dir, "a.log") }).Process!;
        store.Save(new ProcessRecord("x", "a", "app", live.Identity.Pid, live.Identity.StartTime));
        store.Save(new ProcessRecord("x", "b", "app", Environment.ProcessId, 1)); // our PID, wrong start time: a reused PID

        var report = await new RecordedProcessReaper(store, new ProcessTerminator(TimeProvider.System)).StopAllAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        report.OrderBy(r => r.Record.Pod).Select(r => (r.Record.Pod, r.Outcome)).ShouldBe([("a", StopOutcome.Terminated), ("b", StopOutcome.NotRunning)]);
        store.LoadAll().ShouldBeEmpty();
        (await live.Exited).ShouldBe(143);
    }
}
