using System.CommandLine;
using Weft.Api.Resources;
using Weft.Flows;
using Weft.Flows.Generation;
using Weft.Flows.Query;

namespace Weft.Cli.Commands.Observe;

/// <summary>
/// <c>weft policy generate --from-flows</c>: least-privilege NetworkPolicies from the observed forwarded and audited
/// flows, as YAML on standard output (warnings on standard error). The policy command group registers this
/// command; the host supplies the flow source and the cluster's pods (for named ports).
/// </summary>
public static class GenerateFromFlowsCommand
{
    public static Command Create() => Create(() => null, () => [], TimeProvider.System);

    public static Command Create(Func<IFlowQueryClient?> clientFactory, Func<IReadOnlyList<Pod>> pods, TimeProvider time) =>
        Create(_ => clientFactory(), _ => pods(), time, []);

    /// <summary>The command with the flow source and pods chosen from the parsed options (e.g. <c>--cluster</c>).</summary>
    public static Command Create(
        Func<ParseResult, IFlowQueryClient?> clientFactory, Func<ParseResult, IReadOnlyList<Pod>> pods, TimeProvider time, IReadOnlyList<Option> extraOptions)
    {
        var fromFlows = new Option<bool>("--from-flows") { Description = "Generate from observed flows (forwarded and audited)." };
        var ns = new Option<string>("--namespace", "-n") { Description = "Only generate policies for workloads in this namespace." };
        var since = new Option<string>("--since") { Description = "Only use flows newer than this, e.g. 1h, 7d." };
        var output = new Option<string>("--output", "-o") { Description = "Output format: yaml (default)." };
        var command = new Command("generate", "Generate least-privilege NetworkPolicies that allow exactly the observed traffic.");
        foreach (var option in new Option[] { fromFlows, ns, since, output }.Concat(extraOptions))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var problems = new List<string>();
            if (!parseResult.GetValue(fromFlows))
            {
                problems.Add("--from-flows: required (observed flows are the only source so far)");
            }

            if (parseResult.GetValue(output) is { } format && format != "yaml")
            {
                problems.Add($"-o: '{format}' is not yaml");
            }

            var arguments = new ObserveArguments { Namespace = parseResult.GetValue(ns), Since = parseResult.GetValue(since) };
            if (!arguments.TryBuild(time, out var query, out _, out var errors))
            {
                problems.AddRange(errors);
            }

            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await stderr.WriteLineAsync($"weft policy generate: {problem}");
                }

                return 2;
            }

            var client = clientFactory(parseResult);
            if (client is null)
            {
                await stderr.WriteLineAsync("weft policy generate: no flow source is connected (start a cluster with 'weft up'; the agent serves flows)");
                return 1;
            }

            var flows = new List<FlowRecord>();
            await foreach (var item in client.ObserveAsync(query with { Follow = false, Last = null }, cancellationToken))
            {
                if (item.Flow is { } flow)
                {
                    flows.Add(flow);
                }
                else
                {
                    await stderr.WriteLineAsync(
                        $"weft policy generate: warning: {item.LostFlows} flows were overwritten on node {item.Node} before they could be used; the policies may miss traffic seen only then");
                }
            }

            var result = PolicyGenerator.Generate(
                flows, pods(parseResult), new PolicyGenerationOptions { Namespace = query.Filter.Namespace, Since = query.Filter.Since });
            foreach (var warning in result.Warnings)
            {
                await stderr.WriteLineAsync($"weft policy generate: warning: {warning}");
            }

            if (result.Policies.IsEmpty)
            {
                await stderr.WriteLineAsync("weft policy generate: no forwarded or audited flows matched; nothing to generate");
                return 0;
            }

            await stdout.WriteAsync(NetworkPolicyYamlWriter.Write(result.Policies));
            return 0;
        });
        return command;
    }
}
