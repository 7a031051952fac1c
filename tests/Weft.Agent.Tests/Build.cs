using System.Collections.Immutable;
using System.Net;
using Weft.Agent.ControlPlane;
using Weft.Api.Resources;
using Weft.Dns.Zone;
using Weft.Services;

namespace Weft.Agent.Tests;

/// <summary>Terse builders for snapshots in tests.</summary>
internal static class Build
{
    public static Service Service(string name, string app, string? clusterIP = null, string ns = "demo") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        ClusterIP = clusterIP,
        Selector = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", app)]),
        Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromNumber(8080) }],
    };

    public static Pod Pod(string name, string app, string ip, string node = "node-1", string? hostname = null, string? subdomain = null, string ns = "demo") => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = ns,
            Labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", app)]),
        },
        Spec = new PodSpec { NodeName = node, Hostname = hostname, Subdomain = subdomain, Containers = [new Container { Name = "main" }] },
        PodIPs = [IPAddress.Parse(ip)],
    };

    public static ClusterSnapshot Snapshot(ClusterSnapshot previous, IEnumerable<Service> services, params Pod[] pods)
    {
        var result = SnapshotCompiler.Compile(previous, new SnapshotInputs { Services = [.. services], Pods = [.. pods] }, ServiceCompilerOptions.Default, new ClusterDnsOptions());
        result.Diagnostics.ShouldBeEmpty();
        return result.Snapshot;
    }
}
