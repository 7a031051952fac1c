using Weft.Local.Probes;
using Weft.Local.Tests.Fakes;
using Weft.Local.Tests.Support;

namespace Weft.Local.Tests.Probes;

public sealed class ReadinessProberTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeProbeExecutor _executor = new();
    private readonly List<bool> _readiness = [];

    private ReadinessProber Create(int initialDelay = 0, int period = 10, int success = 1, int failure = 3) => new(
        new ReadinessProbeSpec
        {
            Action = new ProbeAction { Kind = ProbeActionKind.TcpSocket, Port = 80 },
            InitialDelay = TimeSpan.FromSeconds(initialDelay),
            Period = TimeSpan.FromSeconds(period),
            SuccessThreshold = success,
            FailureThreshold = failure,
        },
        _executor, "wtapp-ns", _time, (ready, _) =>
        {
            lock (_readiness)
            {
                _readiness.Add(ready);
            }
        });

    private int Results
    {
        get
        {
            lock (_readiness)
            {
                return _readiness.Count;
            }
        }
    }

    [Fact]
    public async Task ContainerStarted_FirstProbeWaitsForInitialDelay()
    {
        await using var prober = Create(initialDelay: 5);
        prober.ContainerStarted(_time.GetUtcNow());
        await Eventually.Until(() => _time.PendingTimers == 1, "initial delay timer");

        _time.Advance(TimeSpan.FromSeconds(4));
        _executor.Calls.ShouldBe(0);
        _time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.Until(() => Results == 1, "first probe");
        _readiness.ShouldBe([true]);
    }

    [Fact]
    public async Task Probes_RunEveryPeriod_AndReadinessFollowsThresholds()
    {
        _executor.Enqueue(true, false, false, false);
        await using var prober = Create(period: 10, success: 1, failure: 3);
        prober.ContainerStarted(_time.GetUtcNow());

        for (var i = 1; i < 4; i++)
        {
            await Eventually.Until(() => Results == i, $"probe {i}");
            await Eventually.Until(() => _time.PendingTimers == 1, "period timer");
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        await Eventually.Until(() => Results == 4, "probe 4");
        _readiness.ShouldBe([true, true, true, false]);
    }

    [Fact]
    public async Task ContainerStarted_AgainForTheSameRun_DoesNotRestartProbing()
    {
        _executor.Enqueue(true, false);
        await using var prober = Create(period: 10, success: 1, failure: 1);
        var startedAt = _time.GetUtcNow();
        prober.ContainerStarted(startedAt);
        await Eventually.Until(() => Results == 1 && _time.PendingTimers == 1, "first probe");

        prober.ContainerStarted(startedAt);

        _executor.Calls.ShouldBe(1);
        _time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.Until(() => Results == 2, "second probe on schedule");
        _readiness.ShouldBe([true, false]);
    }

    [Fact]
    public async Task ContainerStopped_StopsProbing()
    {
        var prober = Create();
        prober.ContainerStarted(_time.GetUtcNow());
        await Eventually.Until(() => Results == 1, "first probe");

        prober.ContainerStopped();
        await prober.Completion;
        _time.Advance(TimeSpan.FromMinutes(1));

        _executor.Calls.ShouldBe(1);
    }
}
