using Weft.Local.Probes;
using Weft.Local.Processes;
using Weft.Local.Supervision;
using Weft.Local.Tests.Fakes;
using Weft.Local.Tests.Support;

namespace Weft.Local.Tests.Supervision;

public sealed class PodSupervisorTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeProcessLauncher _launcher = new();
    private readonly FakeProbeExecutor _probes = new();

    private static ContainerRuntimeSpec Container(string name, ReadinessProbeSpec? probe = null) =>
        new(name, new ProcessStartSpec { FileName = "/bin/" + name, LogPath = "/dev/null" }, probe);

    [Fact]
    public async Task ContainerWithoutProbe_IsReadyOnceRunning()
    {
        await using var pod = new PodSupervisor(new PodRuntimeSpec { Namespace = "x", Name = "a", NetworkNamespace = "wtapp-x-a", Containers = [Container("app")] }, _launcher, _probes, null, _time);
        pod.Start();

        var process = await _launcher.NextLaunchAsync();

        await Eventually.Until(() => pod.Status.Ready, "ready");
        process.Spec.NetworkNamespace.ShouldBe("wtapp-x-a");
        pod.Status.DisplayStatus.ShouldBe("Running");
    }

    [Fact]
    public async Task ContainerWithProbe_IsReadyOnlyAfterProbeSucceeds()
    {
        _probes.Default = false;
        var probe = new ReadinessProbeSpec { Action = new ProbeAction { Kind = ProbeActionKind.TcpSocket, Port = 80 }, Period = TimeSpan.FromSeconds(10) };
        await using var pod = new PodSupervisor(new PodRuntimeSpec { Namespace = "x", Name = "a", Containers = [Container("app", probe)] }, _launcher, _probes, null, _time);
        pod.Start();
        await _launcher.NextLaunchAsync();
        await Eventually.Until(() => _probes.Calls == 1 && _time.PendingTimers == 1, "first probe");
        pod.Status.Ready.ShouldBeFalse();

        _probes.Default = true;
        _time.Advance(TimeSpan.FromSeconds(10));

        await Eventually.Until(() => pod.Status.Ready, "ready after a successful probe");
    }

    [Fact]
    public async Task CrashingContainer_MakesPodNotReady_AndCountsRestarts()
    {
        await using var pod = new PodSupervisor(new PodRuntimeSpec { Namespace = "x", Name = "a", Containers = [Container("app"), Container("side")] }, _launcher, _probes, null, _time);
        pod.Start();
        var first = await _launcher.NextLaunchAsync();
        var second = await _launcher.NextLaunchAsync();
        var app = first.Spec.FileName == "/bin/app" ? first : second;
        await Eventually.Until(() => pod.Status.Ready, "ready");

        app.Exit(1);
        await _launcher.NextLaunchAsync();

        await Eventually.Until(() => pod.Status.Restarts == 1 && pod.Status.Ready, "restarted and ready again");
        pod.Status.Containers.Single(c => c.Name == "app").LastState!.ExitCode.ShouldBe(1);
    }
}
