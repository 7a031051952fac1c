using System.Collections.Immutable;
using Weft.Api.Resources;
using Weft.Local.Apps.Probing;
using Weft.Local.Probes;
using Weft.Local.Processes;
using Weft.Local.Supervision;
using Weft.Local.Tests.Support;

namespace Weft.Local.Tests.Privileged;

/// <summary>
/// Privileged end-to-end: a real network namespace, <c>weft app serve</c> supervised inside it, probes from
/// inside, the pod's own resolv.conf, a kill and the restart. Everything is named wtapp-… and removed in finally.
/// </summary>
public sealed class NetnsSupervisionTests : IDisposable
{
    private const string ResolvConf = "nameserver 10.96.0.10\nsearch wtapp.svc.cluster.local svc.cluster.local\noptions ndots:5\n";
    private readonly string _stateDir = Directory.CreateTempSubdirectory("wtapp-netns-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    private ProcessStartSpec Spec(string log, string file, params string[] arguments) => new()
    {
        FileName = file,
        Arguments = [.. arguments],
        Environment = ImmutableDictionary<string, string>.Empty.Add("WEFT_POD_NAME", "echo-0").Add("WEFT_POD_NAMESPACE", "wtapp").Add("HOME", "/root"),
        LogPath = Path.Combine(_stateDir, log),
    };

    [PrivilegedFact]
    public async Task Launcher_InNetns_ProcessSeesThePodsResolvConf()
    {
        using var netns = TestNetns.Create(ResolvConf);
        var process = new LinuxProcessLauncher().Launch(Spec("cat.log", "cat", "/etc/resolv.conf") with { NetworkNamespace = netns.Name }).Process!;

        (await process.Exited).ShouldBe(0);

        (await File.ReadAllTextAsync(Path.Combine(_stateDir, "cat.log"))).ShouldBe(ResolvConf);
    }

    [PrivilegedFact]
    public async Task Launcher_InNetns_ProcessIsInThatNamespace()
    {
        using var netns = TestNetns.Create(ResolvConf);
        var process = new LinuxProcessLauncher().Launch(Spec("ns.log", "ip", "netns", "identify") with { NetworkNamespace = netns.Name }).Process!;

        await process.Exited;

        (await File.ReadAllTextAsync(Path.Combine(_stateDir, "ns.log"))).Trim().ShouldBe(netns.Name);
    }

    [PrivilegedFact]
    public async Task EchoPod_InNetns_BecomesReady_AnswersInside_AndIsRestartedAfterKill()
    {
        using var netns = TestNetns.Create(ResolvConf);
        var ports = FreePort.Distinct(2);
        var (http, tcp) = (ports[0], ports[1]);
        var serve = Spec("echo.log", WeftCli.DotnetPath, WeftCli.DllPath, "app", "serve", "--http", http.ToString(), "--tcp", tcp.ToString(), "--udp", tcp.ToString());
        var probe = new ReadinessProbeSpec
        {
            Action = new ProbeAction { Kind = ProbeActionKind.HttpGet, Host = "127.0.0.1", Port = http, Path = "/healthz" },
            Period = TimeSpan.FromMilliseconds(200),
        };
        var pod = new PodSupervisor(
            new PodRuntimeSpec { Namespace = "wtapp", Name = "echo-0", NetworkNamespace = netns.Name, Containers = [new ContainerRuntimeSpec("echo", serve, probe)] },
            new LinuxProcessLauncher(), new NetnsProbeExecutor(TimeProvider.System), new ProcessRecordStore(new PodPaths(_stateDir)), TimeProvider.System);
        try
        {
            pod.Start();
            await Eventually.Until(() => pod.Status.Ready, "echo pod ready (readiness probe from inside the namespace)", 30_000);

            // Inside the namespace the app answers; from the host namespace the same address has nothing.
            var inside = new Prober(new NetnsSocketFactory(netns.Name), TimeProvider.System);
            (await inside.RunAsync(new ProbeRequest { Protocol = ProbeProtocol.Udp, Host = "127.0.0.1", Port = tcp, Expect = "echo-0", Timeout = TimeSpan.FromSeconds(5) }, CancellationToken.None)).Connected.ShouldBeTrue();
            var probeInside = new LinuxProcessLauncher().Launch(Spec("probe.log", WeftCli.DotnetPath, WeftCli.DllPath, "app", "probe", "tcp", $"127.0.0.1:{tcp}", "--expect", "echo-0", "--timeout", "5s") with { NetworkNamespace = netns.Name }).Process!;
            (await probeInside.Exited).ShouldBe(0, await File.ReadAllTextAsync(Path.Combine(_stateDir, "probe.log")));
            var fromHost = await new Prober(HostSocketFactory.Instance, TimeProvider.System).RunAsync(new ProbeRequest { Protocol = ProbeProtocol.Tcp, Host = "127.0.0.1", Port = tcp }, CancellationToken.None);
            fromHost.Connected.ShouldBeFalse();

            // Kill it: the supervisor restarts it (first restart is immediate) and the probe makes it ready again.
            var first = pod.Processes[0].ShouldNotBeNull();
            new ProcessRecordStore(new PodPaths(_stateDir)).LoadAll().Single().Identity.ShouldBe(first);
            ProcessSignals.Send(first, ProcessSignal.Kill).ShouldBeTrue();
            await Eventually.Until(() => pod.Status.Restarts == 1 && pod.Status.Ready, "restarted and ready", 30_000);
            pod.Status.Containers[0].LastState!.ExitCode.ShouldBe(137);
            pod.Processes[0].ShouldNotBe(first);
        }
        finally
        {
            await pod.StopAsync(TimeSpan.FromSeconds(5));
        }

        pod.Status.Containers[0].State.ShouldBeOfType<TerminatedState>();
        new ProcessRecordStore(new PodPaths(_stateDir)).LoadAll().ShouldBeEmpty();
        (await File.ReadAllTextAsync(Path.Combine(_stateDir, "echo.log"))).ShouldContain("weft app serve: pod=echo-0 namespace=wtapp");
    }
}
