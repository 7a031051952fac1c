using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Weft.Api.Resources;
using Weft.Bench.Services;
using Weft.Datapath.Linux.Nftables;
using Weft.Datapath.Nftables;
using Weft.Datapath.Services;
using Weft.Services;

// Service datapath benchmark driver, used by bench/services/run.sh:
//   nft NETNS SERVICES ENDPOINTS BACKEND_IP   full sync with real nft in NETNS, then one incremental endpoint change
//   render SERVICES ENDPOINTS BACKEND_IP      prints the full nft transaction
//   iptables SERVICES ENDPOINTS BACKEND_IP    prints the equivalent linear iptables-restore ruleset (kube-proxy iptables shape)
var mode = args.Length > 0 ? args[0] : "";
if (mode == "nft" && args.Length == 5)
{
    return await ProgramNftAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), IPAddress.Parse(args[4]));
}

if (mode == "render" && args.Length == 4)
{
    var inputs = SyntheticCluster.Create(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), IPAddress.Parse(args[3]));
    var model = ServiceCompiler.Compile(ServiceModel.Empty, inputs).Model;
    Console.Out.Write(NftTransactionPlanner.Full(ServiceRulesetBuilder.Build(NodeServicePlanner.Plan(model, "node1"))).Render());
    return 0;
}

if (mode == "iptables" && args.Length == 4)
{
    Console.Out.Write(IptablesRules(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), IPAddress.Parse(args[3])));
    return 0;
}

Console.Error.WriteLine("usage: nft NETNS SERVICES ENDPOINTS BACKEND_IP | iptables SERVICES ENDPOINTS BACKEND_IP");
return 2;

static async Task<int> ProgramNftAsync(string netns, int services, int endpoints, IPAddress backend)
{
    var inputs = SyntheticCluster.Create(services, endpoints, backend);
    var clock = Stopwatch.StartNew();
    var compiled = ServiceCompiler.Compile(ServiceModel.Empty, inputs);
    if (compiled.HasErrors)
    {
        Console.Error.WriteLine(string.Join('\n', compiled.Diagnostics));
        return 1;
    }

    var compileMs = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    var plan = NodeServicePlanner.Plan(compiled.Model, "node1");
    var ruleset = ServiceRulesetBuilder.Build(plan);
    var full = NftTransactionPlanner.Full(ruleset);
    var script = full.Render();
    var renderMs = clock.Elapsed.TotalMilliseconds;

    var nft = new NetnsNftables(netns);
    clock.Restart();
    var applied = await nft.ApplyAsync(full, CancellationToken.None);
    var nftMs = clock.Elapsed.TotalMilliseconds;
    if (!applied.Success)
    {
        Console.Error.WriteLine(applied.Error);
        return 1;
    }

    Console.WriteLine($"full-sync services={services} endpoints={services * endpoints} ops={full.Operations.Length} script_bytes={Encoding.UTF8.GetByteCount(script)} compile_ms={compileMs:F0} plan_render_ms={renderMs:F0} nft_apply_ms={nftMs:F0}");

    // One endpoint of the first service moves to a new pod: the end-to-end cost of the most common change.
    var changed = inputs with
    {
        Pods = inputs.Pods.RemoveAt(0).Add(SyntheticCluster.Pod("svc-0-new", "svc-0", IPAddress.Parse("10.250.0.1"), 8080)),
    };
    clock.Restart();
    var recompiled = ServiceCompiler.Compile(compiled.Model, changed);
    var nextPlan = NodeServicePlanner.Plan(recompiled.Model, "node1");
    var incremental = NftTransactionPlanner.Incremental(ruleset, ServiceRulesetBuilder.Build(nextPlan));
    var diffMs = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    applied = await nft.ApplyAsync(incremental, CancellationToken.None);
    var incrementalNftMs = clock.Elapsed.TotalMilliseconds;
    if (!applied.Success)
    {
        Console.Error.WriteLine(applied.Error);
        return 1;
    }

    Console.WriteLine($"incremental services={services} ops={incremental.Operations.Length} compile_plan_diff_ms={diffMs:F0} nft_apply_ms={incrementalNftMs:F0}");
    return 0;
}

// kube-proxy's iptables shape: one rule per service in a services chain (walked linearly by every new
// connection), a chain per service choosing an endpoint with the statistic match, DNAT.
static string IptablesRules(int services, int endpoints, IPAddress backend)
{
    var model = ServiceCompiler.Compile(ServiceModel.Empty, SyntheticCluster.Create(services, endpoints, backend)).Model;
    var text = new StringBuilder("*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:WEFT-SERVICES - [0:0]\n");
    var index = 0;
    foreach (var service in model.Services.Values.OrderBy(s => int.Parse(s.Name[4..], CultureInfo.InvariantCulture)))
    {
        text.Append(CultureInfo.InvariantCulture, $":WEFT-SVC-{index++} - [0:0]\n");
    }

    text.Append("-A PREROUTING -j WEFT-SERVICES\n-A OUTPUT -j WEFT-SERVICES\n");
    index = 0;
    foreach (var service in model.Services.Values.OrderBy(s => int.Parse(s.Name[4..], CultureInfo.InvariantCulture)))
    {
        var port = service.Ports[0];
        var chain = $"WEFT-SVC-{index++}";
        text.Append(CultureInfo.InvariantCulture, $"-A WEFT-SERVICES -d {service.ClusterIP}/32 -p tcp -m tcp --dport {port.Port} -j {chain}\n");
        var backends = port.Backends;
        for (var i = 0; i < backends.Length; i++)
        {
            var probability = i == backends.Length - 1 ? "" : $"-m statistic --mode random --probability {1.0 / (backends.Length - i):F5} ";
            text.Append(CultureInfo.InvariantCulture, $"-A {chain} -p tcp {probability}-j DNAT --to-destination {backends[i].Address}:{backends[i].Port}\n");
        }
    }

    return text.Append("COMMIT\n").ToString();
}
