using System.Diagnostics;
using System.Globalization;
using Weft.Api.Manifests;
using Weft.Bench.Api;

// Manifest decoding throughput: how long `-f` takes before any engine runs.
var namespaces = Argument("--namespaces", 100);
var podsPerNamespace = Argument("--pods-per-namespace", 100);
var policiesPerNamespace = Argument("--policies-per-namespace", 5);
var rounds = Argument("--rounds", 3);

var text = SyntheticManifests.Generate(namespaces, podsPerNamespace, policiesPerNamespace);
var objects = namespaces * (1 + podsPerNamespace + policiesPerNamespace);
Console.WriteLine($"input: {objects:N0} objects ({namespaces} namespaces, {namespaces * podsPerNamespace:N0} pods, {namespaces * policiesPerNamespace:N0} NetworkPolicies), {text.Length / 1048576.0:F1} MiB of YAML");

// Warm-up so the JIT and tiered compilation do not count.
ManifestReader.Parse(SyntheticManifests.Generate(2, 10, 2), "warmup.yaml");

var best = double.MaxValue;
for (var round = 1; round <= rounds; round++)
{
    GC.Collect();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var stopwatch = Stopwatch.StartNew();
    var result = ManifestReader.Parse(text, "bench.yaml");
    stopwatch.Stop();
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    if (result.HasErrors || result.Resources.Length != objects)
    {
        Console.Error.WriteLine($"unexpected result: {result.Resources.Length} resources, first diagnostic: {result.Diagnostics.FirstOrDefault()}");
        return 1;
    }

    var seconds = stopwatch.Elapsed.TotalSeconds;
    best = Math.Min(best, seconds);
    Console.WriteLine($"round {round}: {seconds * 1000:F0} ms, {objects / seconds:N0} objects/s, {text.Length / 1048576.0 / seconds:F1} MiB/s, {allocated / 1048576.0:F0} MiB allocated, {GC.GetTotalMemory(false) / 1048576.0:F0} MiB live");
}

Console.WriteLine($"best: {best * 1000:F0} ms ({best * 1e6 / objects:F1} µs per object)");
return 0;

int Argument(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
