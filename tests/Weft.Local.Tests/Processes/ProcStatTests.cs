using Weft.Local.Processes;

namespace Weft.Local.Tests.Processes;

public sealed class ProcStatTests
{
    [Fact]
    public void TryParse_CommandWithSpacesAndParens_ReadsStateAndStartTime()
    {
        var stat = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100";

        ProcStat.TryParse(stat, out var start, out var state).ShouldBeTrue();

        (start, state).ShouldBe((987654UL, 'S'));
    }

    [Fact]
    public void IsAlive_OwnProcess_TrueWithItsStartTime_FalseWithAnother()
    {
        var pid = Environment.ProcessId;
        ProcStat.TryRead(pid, out var start, out _).ShouldBeTrue();

        ProcStat.IsAlive(new ProcessIdentity(pid, start)).ShouldBeTrue();
        ProcStat.IsAlive(new ProcessIdentity(pid, start + 1)).ShouldBeFalse();
    }
}
