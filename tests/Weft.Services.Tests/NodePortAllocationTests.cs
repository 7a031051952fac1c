using Weft.Api.Resources;

namespace Weft.Services.Tests;

public sealed class NodePortAllocationTests
{
    [Fact]
    public void Compile_NodePortService_GetsPortsFromTheRange()
    {
        var model = Build.Compile(Build.Service("a", type: ServiceType.NodePort, ports: [Build.Port(80, "http"), Build.Port(443, "https")]));

        model.Services["default/a"].Ports.Select(p => p.NodePort).ShouldBe([30000, 30001]);
    }

    [Fact]
    public void Compile_RequestedNodePort_IsHonouredAndSkippedByAllocation()
    {
        var model = Build.Compile(
            Build.Service("a", type: ServiceType.NodePort, ports: [Build.Port(80, nodePort: 30000)]),
            Build.Service("b", type: ServiceType.NodePort));

        model.Services["default/a"].Ports[0].NodePort.ShouldBe(30000);
        model.Services["default/b"].Ports[0].NodePort.ShouldBe(30001);
    }

    [Fact]
    public void Compile_Recompile_KeepsNodePorts()
    {
        var first = Build.Compile(Build.Service("b", type: ServiceType.NodePort));

        var second = Build.CompileOk(first, new ServiceInputs
        {
            Services = [Build.Service("a", type: ServiceType.NodePort), Build.Service("b", type: ServiceType.NodePort)],
        });

        second.Services["default/b"].Ports[0].NodePort.ShouldBe(30000);
        second.Services["default/a"].Ports[0].NodePort.ShouldBe(30001);
    }

    [Fact]
    public void Compile_NodePortOutOfRange_IsRejected()
    {
        var result = ServiceCompiler.Compile(ServiceModel.Empty, new ServiceInputs
        {
            Services = [Build.Service("a", type: ServiceType.NodePort, ports: [Build.Port(80, nodePort: 8080)])],
        });

        result.Diagnostics.Single().ToString().ShouldBe("a.yaml:3:1: spec.ports[0].nodePort: 8080 is not in the valid range 30000-32767");
    }

    [Fact]
    public void Compile_DuplicateNodePort_IsRejected()
    {
        var result = ServiceCompiler.Compile(ServiceModel.Empty, new ServiceInputs
        {
            Services =
            [
                Build.Service("a", type: ServiceType.NodePort, ports: [Build.Port(80, nodePort: 30080)]),
                Build.Service("b", type: ServiceType.NodePort, ports: [Build.Port(80, nodePort: 30080)]),
            ],
        });

        result.Diagnostics.Single().Message.ShouldContain("30080/TCP is already allocated to service default/a");
    }

    [Fact]
    public void Compile_NodePortOnClusterIPService_IsRejected()
    {
        var result = ServiceCompiler.Compile(ServiceModel.Empty, new ServiceInputs
        {
            Services = [Build.Service("a", ports: [Build.Port(80, nodePort: 30080)])],
        });

        result.Diagnostics.Single().Message.ShouldBe("may not be used when type is 'ClusterIP'");
    }
}
