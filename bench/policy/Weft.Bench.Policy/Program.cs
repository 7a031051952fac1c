using System.Diagnostics;
using Weft.Api.Resources;
using Weft.Bench.Policy;
using Weft.Policy;
using Weft.Policy.Compilation;
using Weft.Policy.Evaluation;

// Policy engine benchmark: compile time, memory, single-verdict latency and a 1,000 x 1,000 matrix on a
// synthetic cluster (default: 50,000 pods in 1,000 namespaces, 5,000 NetworkPolicies, 100 ANPs, one BANP).
var namespaces = Arg("--namespaces", 1000);
var podsPerNamespace = Arg("--pods-per-namespace", 50);
var policiesPerNamespace = Arg("--policies-per-namespace", 5);
var adminPolicies = Arg("--admin-policies", 100);
var verdicts = Arg("--verdicts", 1_000_000);

var input = SyntheticCluster.Generate(namespaces, podsPerNamespace, policiesPerNamespace, adminPolicies);
Console.WriteLine($"cluster: {input.Namespaces.Length} namespaces, {input.Pods.Length} pods, {input.NetworkPolicies.Length} NetworkPolicies, {input.AdminNetworkPolicies.Length} AdminNetworkPolicies, 1 BaselineAdminNetworkPolicy");

// Warm-up compile on a small cluster so JIT time is not counted as compile time of the big one.
PolicyCompiler.Compile(SyntheticCluster.Generate(10, 10, 5, 5));

GC.Collect(2, GCCollectionMode.Forced, true, true);
var heapBefore = GC.GetTotalMemory(true);
var stopwatch = Stopwatch.StartNew();
var model = PolicyCompiler.Compile(input);
var compileFirst = stopwatch.Elapsed;
var heapAfter = GC.GetTotalMemory(true);
var compileTimes = new List<double> { compileFirst.TotalMilliseconds };
for (var i = 0; i < 3; i++)
{
    stopwatch.Restart();
    var again = PolicyCompiler.Compile(input, model);
    compileTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
    GC.KeepAlive(again);
}

Console.WriteLine($"identities: {model.IdentityCount}, distinct direction policies: {model.DistinctDirectionPolicies}");
Console.WriteLine($"compile: first {compileFirst.TotalMilliseconds:F0} ms, best {compileTimes.Min():F0} ms, median {Median(compileTimes):F0} ms");
Console.WriteLine($"memory: compiled model {(heapAfter - heapBefore) / 1048576.0:F1} MiB (managed heap delta), heap total {heapAfter / 1048576.0:F1} MiB, working set {Environment.WorkingSet / 1048576.0:F0} MiB");

var random = new Random(7);
var n = model.Pods.Length;
var pairs = new (int Source, int Destination, int Port)[verdicts];
int[] ports = [80, 443, 8080, 8085, 9090, 5432];
for (var i = 0; i < pairs.Length; i++)
{
    pairs[i] = (random.Next(n), random.Next(n), ports[random.Next(ports.Length)]);
}

// Warm up the verdict path, then time the whole batch (mean) and a sample of single calls (p99).
var allowedCount = 0;
for (var i = 0; i < Math.Min(100_000, pairs.Length); i++)
{
    allowedCount += model.IsAllowed(pairs[i].Source, pairs[i].Destination, Protocol.Tcp, pairs[i].Port) ? 1 : 0;
}

allowedCount = 0;
stopwatch.Restart();
foreach (var (source, destination, port) in pairs)
{
    allowedCount += model.IsAllowed(source, destination, Protocol.Tcp, port) ? 1 : 0;
}

var meanNs = stopwatch.Elapsed.TotalNanoseconds / pairs.Length;
var samples = new double[Math.Min(200_000, pairs.Length)];
for (var i = 0; i < samples.Length; i++)
{
    var (source, destination, port) = pairs[i];
    var start = Stopwatch.GetTimestamp();
    model.IsAllowed(source, destination, Protocol.Tcp, port);
    samples[i] = Stopwatch.GetElapsedTime(start).TotalNanoseconds;
}

Array.Sort(samples);
Console.WriteLine($"verdict (IsAllowed): mean {meanNs:F0} ns over {pairs.Length:N0} random pairs, p50 {samples[samples.Length / 2]:F0} ns, p99 {samples[(int)(samples.Length * 0.99)]:F0} ns (single-call timings include ~20-40 ns timer overhead); {100.0 * allowedCount / pairs.Length:F1}% allowed");

stopwatch.Restart();
var explained = Math.Min(100_000, pairs.Length);
for (var i = 0; i < explained; i++)
{
    model.Check(TrafficEndpoint.Pod(pairs[i].Source), TrafficEndpoint.Pod(pairs[i].Destination), Protocol.Tcp, pairs[i].Port);
}

Console.WriteLine($"verdict with explanation (Check): mean {stopwatch.Elapsed.TotalNanoseconds / explained:F0} ns");

var subset = Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(1000).ToArray();
stopwatch.Restart();
var matrixAllowed = 0;
foreach (var source in subset)
{
    foreach (var destination in subset)
    {
        matrixAllowed += model.IsAllowed(source, destination, Protocol.Tcp, 8080) ? 1 : 0;
    }
}

Console.WriteLine($"matrix {subset.Length} x {subset.Length}: {stopwatch.Elapsed.TotalMilliseconds:F0} ms ({matrixAllowed:N0} allowed)");
Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}
