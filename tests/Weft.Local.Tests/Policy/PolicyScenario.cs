namespace Weft.Local.Tests.Policy;

/// <summary>
/// One scenario of <c>tests/Weft.Datapath.Tests/Policy/Scenarios</c> (linked into this project), with its ipBlock
/// CIDRs mapped onto the real cluster. The scenarios are written for the traced test's addressing — all pods in
/// <c>10.244.0.0/16</c>, the b pods in node 2's <c>10.244.2.0/24</c> — so the cluster's pod range and node-2's
/// range (where the b pods run here) take their place; no address of the traced layout may remain.
/// </summary>
internal sealed record PolicyScenario(string Name, string Yaml)
{
    private const string TracedPodCidr = "10.244.0.0/16";
    private const string TracedNodeTwoCidr = "10.244.2.0/24";

    public static IReadOnlyList<PolicyScenario> Load(string podCidr, string nodeTwoCidr)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Policy", "Scenarios");
        return [.. Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal).Select(file =>
        {
            var yaml = File.ReadAllText(file).Replace(TracedPodCidr, podCidr, StringComparison.Ordinal)
                .Replace(TracedNodeTwoCidr, nodeTwoCidr, StringComparison.Ordinal);
            yaml.ShouldNotContain("10.244.", customMessage: $"{Path.GetFileName(file)}: an address of the traced layout is not mapped onto the cluster");
            return new PolicyScenario(Path.GetFileNameWithoutExtension(file), yaml);
        })];
    }
}
