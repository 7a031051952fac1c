using Weft.Local.Supervision;

namespace Weft.Local.Tests.Supervision;

public sealed class RestartBackOffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ScheduleRestart_FirstCrash_RestartsImmediately()
    {
        new RestartBackOff().ScheduleRestart(T0).ShouldBe(T0);
    }

    [Fact]
    public void ScheduleRestart_RepeatedQuickCrashes_Waits10sDoublingToFiveMinuteCap()
    {
        var backOff = new RestartBackOff();
        var now = T0;
        var delays = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var restartAt = backOff.ScheduleRestart(now);
            delays.Add((restartAt - now).TotalSeconds);
            now = restartAt + TimeSpan.FromSeconds(1); // runs one second, crashes again
        }

        delays.ShouldBe([0, 10, 20, 40, 80, 160, 300, 300, 300]);
    }

    [Fact]
    public void ScheduleRestart_AfterRunningMoreThanTenMinutes_StartsOver()
    {
        var backOff = new RestartBackOff();
        var restart = backOff.ScheduleRestart(T0);
        restart = backOff.ScheduleRestart(restart + TimeSpan.FromSeconds(1));
        restart = backOff.ScheduleRestart(restart + TimeSpan.FromSeconds(1));
        var exitAfterLongRun = restart + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1);

        backOff.ScheduleRestart(exitAfterLongRun).ShouldBe(exitAfterLongRun);
        var next = exitAfterLongRun + TimeSpan.FromSeconds(1);
        (backOff.ScheduleRestart(next) - next).ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void ScheduleRestart_AfterRunningExactlyTenMinutes_KeepsBackingOff()
    {
        var backOff = new RestartBackOff();
        var restart = backOff.ScheduleRestart(T0);
        var exit = restart + TimeSpan.FromMinutes(10);

        (backOff.ScheduleRestart(exit) - exit).ShouldBe(TimeSpan.FromSeconds(10));
    }
}
