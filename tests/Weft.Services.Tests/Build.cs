using System.Collections.Immutable;
using System.Net;
using Weft.Api.Manifests;
using Weft.Api.Resources;

namespace Weft.Services.Tests;

/// <summary>Terse builders for services and pods in tests.</summary>
internal static class Build
{
    public static Service Service(string name, string? app = null, string ns = "default", string? clusterIP = null,
        ServiceType type = ServiceType.ClusterIP, params ServicePort[] ports) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Source = new SourceLocation($"{name}.yaml", 3, 1),
        Type = type,
        ClusterIP = clusterIP,
        Selector = app is null ? null : ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", app)]),
        Ports = ports.Length == 0 ? [new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromNumber(8080) }] : [.. ports],
    };

    public static ServicePort Port(int port, string? name = null, IntOrString? target = null, Protocol protocol = Protocol.Tcp, int? nodePort = null) =>
        new() { Name = name, Port = port, TargetPort = target, Protocol = protocol, NodePort = nodePort };

    public static Pod Pod(string name, string app, string ip, string ns = "default", string node = "node1", params ContainerPort[] ports) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = ns,
            Labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", app)]),
        },
        Spec = new PodSpec { NodeName = node, Containers = [new Container { Name = "main", Ports = [.. ports] }] },
        PodIPs = [IPAddress.Parse(ip)],
    };

    public static ServiceModel Compile(params Service[] services) => CompileOk(ServiceModel.Empty, new ServiceInputs { Services = [.. services] });

    public static ServiceModel CompileOk(ServiceModel previous, ServiceInputs inputs, ServiceCompilerOptions? options = null)
    {
        var result = ServiceCompiler.Compile(previous, inputs, options);
        result.Diagnostics.ShouldBeEmpty();
        return result.Model;
    }
}
