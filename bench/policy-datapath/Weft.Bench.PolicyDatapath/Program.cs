using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Weft.Bench.PolicyDatapath;
using Weft.Datapath.Linux.Nftables;
using Weft.Datapath.Nftables;
using Weft.Datapath.Policy;

// Bench driver for bench/policy-datapath/run.sh.
//   nft <node-netns> <policies> <client-ip> <server-ip>   plan + full apply + one incremental change, timings on stdout
//   iptables <policies> <client-ip> <server-ip>            the equivalent linear iptables-restore input on stdout
//   apply <netns-prefix> [pods] [changes]                  apply-to-enforcement latency on 4 node namespaces (ApplyLatency)
var mode = args[0];
if (mode == "iptables")
{
    var (n, client, server) = (int.Parse(args[1], CultureInfo.InvariantCulture), args[2], args[3]);
    var rules = new StringBuilder("*filter\n:FORWARD ACCEPT [0:0]\n:WEFT-INGRESS - [0:0]\n");
    if (n == 0)
    {
        // The no-policy baseline: nothing to check.
        Console.Write(rules.Append("COMMIT\n"));
        return 0;
    }

    rules.Append("-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n");
    rules.Append(CultureInfo.InvariantCulture, $"-A FORWARD -d {server}/32 -o vbe -j WEFT-INGRESS\n");
    for (var i = 0; i < n; i++)
    {
        rules.Append(CultureInfo.InvariantCulture, $"-A WEFT-INGRESS -s {SyntheticPolicies.Peer(i)}/32 -p tcp -m tcp --dport {SyntheticPolicies.Port} -j ACCEPT\n");
    }

    // The measured client's policy is the last rule: a linear ruleset walks every other rule first.
    rules.Append(CultureInfo.InvariantCulture, $"-A WEFT-INGRESS -s {client}/32 -p tcp -m multiport --dports {SyntheticPolicies.Port},{SyntheticPolicies.ThroughputPort} -j ACCEPT\n");
    rules.Append("-A WEFT-INGRESS -j DROP\nCOMMIT\n");
    Console.Write(rules);
    return 0;
}

if (mode == "plan-profile")
{
    return ApplyLatency.Profile(args[1..]);
}

if (mode == "apply")
{
    return await ApplyLatency.RunAsync(args[1..]);
}

{
    var (node, n, client, server) = (args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3], args[4]);
    LocalPod[] local = [new("bench/client", IPAddress.Parse(client), "vcli"), new("bench/server", IPAddress.Parse(server), "vbe")];
    var watch = Stopwatch.StartNew();
    var models = PolicyModels.Compile(new PolicyDatapathInput { Policies = SyntheticPolicies.Build(n, client, server) });
    var compileMs = watch.Elapsed.TotalMilliseconds;
    watch.Restart();
    var plan = NodePolicyPlanner.Plan(models, local);
    var planMs = watch.Elapsed.TotalMilliseconds;
    var nft = new NetnsNftables(node);
    var syncer = new PolicyDatapathSyncer(nft);
    watch.Restart();
    var full = await syncer.SyncAsync(plan, CancellationToken.None);
    var fullMs = watch.Elapsed.TotalMilliseconds;
    if (!full.Applied)
    {
        Console.Error.WriteLine(full.Error);
        return 1;
    }

    // One policy changes its port (8080 -> 9090): compile, plan and the incremental transaction, then back.
    watch.Restart();
    var changedModels = PolicyModels.Compile(new PolicyDatapathInput { Policies = SyntheticPolicies.Build(n, client, server, 9090) }, models);
    var changeCompileMs = watch.Elapsed.TotalMilliseconds;
    watch.Restart();
    var changed = NodePolicyPlanner.Plan(changedModels, local);
    var changePlanMs = watch.Elapsed.TotalMilliseconds;
    watch.Restart();
    var incremental = await syncer.SyncAsync(changed, CancellationToken.None);
    var incrementalMs = watch.Elapsed.TotalMilliseconds;
    var back = await syncer.SyncAsync(plan, CancellationToken.None);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"nft policies={n} elements={plan.ElementCount} classes={plan.Ipcache.Classes.Count} profiles={plan.Profiles.Count} compile_ms={compileMs:F0} plan_ms={planMs:F0} full_ops={full.Operations} full_apply_ms={fullMs:F0} change_compile_ms={changeCompileMs:F0} change_plan_ms={changePlanMs:F0} incr_ops={incremental.Operations} incr_apply_ms={incrementalMs:F0} ok={incremental.Applied && back.Applied}"));
    return 0;
}
