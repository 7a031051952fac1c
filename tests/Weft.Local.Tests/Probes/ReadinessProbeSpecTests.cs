using Weft.Api.Resources;
using Weft.Local.Probes;

namespace Weft.Local.Tests.Probes;

public sealed class ReadinessProbeSpecTests
{
    private static readonly Container Web = new()
    {
        Name = "web",
        Ports = [new ContainerPort { Name = "http", Port = 8080 }],
    };

    [Fact]
    public void TryCreate_HttpGetWithNamedPort_ResolvesContainerPort()
    {
        var probe = new Probe { HttpGet = new HttpGetAction { Path = "healthz", Port = IntOrString.FromName("http") }, PeriodSeconds = 5 };

        ReadinessProbeSpec.TryCreate(probe, Web, "10.244.1.5", out var spec, out _).ShouldBeTrue();

        spec!.Action.ShouldBe(new ProbeAction { Kind = ProbeActionKind.HttpGet, Host = "10.244.1.5", Port = 8080, Path = "/healthz" });
        spec.Period.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void TryCreate_UnknownPortName_Fails()
    {
        var probe = new Probe { TcpSocketPort = IntOrString.FromName("grpc") };

        ReadinessProbeSpec.TryCreate(probe, Web, "127.0.0.1", out _, out var error).ShouldBeFalse();

        error.ShouldBe("readinessProbe: container web has no port named 'grpc'");
    }

    [Fact]
    public void TryCreate_NoHandler_Fails()
    {
        ReadinessProbeSpec.TryCreate(new Probe(), Web, "127.0.0.1", out _, out var error).ShouldBeFalse();

        error!.ShouldContain("one of tcpSocket, httpGet or exec");
    }

    [Fact]
    public void TryCreate_ZeroTimings_GetKubernetesMinimums()
    {
        var probe = new Probe { ExecCommand = ["true"], PeriodSeconds = 0, TimeoutSeconds = 0, SuccessThreshold = 0, FailureThreshold = 0 };

        ReadinessProbeSpec.TryCreate(probe, Web, "127.0.0.1", out var spec, out _).ShouldBeTrue();

        spec!.Period.ShouldBe(TimeSpan.FromSeconds(10));
        spec.Timeout.ShouldBe(TimeSpan.FromSeconds(1));
        spec.SuccessThreshold.ShouldBe(1);
        spec.FailureThreshold.ShouldBe(1);
    }
}
