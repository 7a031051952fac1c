using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Datapath.Nftables;
using Weft.Datapath.Services;
using Weft.Datapath.Testing;
using Weft.Services;

namespace Weft.Datapath.Tests;

/// <summary>A small cluster built through the real service compiler, programmed into the in-memory nftables.</summary>
internal sealed class Cluster
{
    public const string Node = "node1";
    public const string NodeAddress = "172.31.0.1";

    public List<Service> Services { get; } = [];

    public List<Pod> Pods { get; } = [];

    public Dictionary<string, PodStatus> Statuses { get; } = [];

    public ServiceModel Model { get; private set; } = ServiceModel.Empty;

    public InMemoryNftables Nft { get; } = new();

    public Cluster Service(string name, string app, int port = 80, int target = 8080, Protocol protocol = Protocol.Tcp,
        ServiceType type = ServiceType.ClusterIP, Func<Service, Service>? configure = null)
    {
        var service = new Service
        {
            Metadata = new ObjectMeta { Name = name, Namespace = "default" },
            Type = type,
            Selector = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", app)]),
            Ports = [new ServicePort { Name = "p", Port = port, Protocol = protocol, TargetPort = IntOrString.FromNumber(target) }],
        };
        Services.Add(configure is null ? service : configure(service));
        return this;
    }

    public Cluster Pod(string name, string app, string ip, string node = Node, params ContainerPort[] ports)
    {
        Pods.Add(new Pod
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = "default",
                Labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("app", app)]),
            },
            Spec = new PodSpec { NodeName = node, Containers = [new Container { Name = "c", Ports = [.. ports] }] },
            PodIPs = [IPAddress.Parse(ip)],
        });
        return this;
    }

    public NodeServicePlan Compile()
    {
        var result = ServiceCompiler.Compile(Model, new ServiceInputs
        {
            Services = [.. Services],
            Pods = [.. Pods],
            PodStatuses = Statuses.ToImmutableDictionary(),
        });
        result.Diagnostics.ShouldBeEmpty();
        Model = result.Model;
        return NodeServicePlanner.Plan(Model, Node);
    }

    /// <summary>Compiles and applies a full transaction to the fake, asserting the kernel model accepts it.</summary>
    public async Task<Cluster> ProgramAsync()
    {
        var result = await Nft.ApplyAsync(NftTransactionPlanner.Full(ServiceRulesetBuilder.Build(Compile())), CancellationToken.None);
        result.Error.ShouldBeNull();
        return this;
    }

    public IPAddress ClusterIP(string service) => Model.Services[$"default/{service}"].ClusterIP!;

    public int NodePort(string service) => Model.Services[$"default/{service}"].Ports[0].NodePort!.Value;

    public NftPacketTracer Tracer() => new(Nft, [IPAddress.Parse(NodeAddress)]);

    public string[] Trace(TracePacket packet) => [.. Tracer().Trace(packet).Select(o => o.ToString()).Order(StringComparer.Ordinal)];
}
