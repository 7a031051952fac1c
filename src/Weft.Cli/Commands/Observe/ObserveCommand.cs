using System.CommandLine;
using Weft.Flows.Output;
using Weft.Flows.Query;

namespace Weft.Cli.Commands.Observe;

/// <summary>
/// <c>weft observe</c>: flows with their verdicts, one line each in the style of <c>hubble observe</c>, or JSON lines.
/// The flows come from an <see cref="IFlowQueryClient"/>; the host wires the transport to the control plane.
/// </summary>
public static class ObserveCommand
{
    /// <summary>The command with no flow source wired yet: it validates its options and explains what is missing.</summary>
    public static Command Create() => Create(() => null, TimeProvider.System);

    public static Command Create(Func<IFlowQueryClient?> clientFactory, TimeProvider time) => Create(_ => clientFactory(), time, []);

    /// <summary>The command with a flow source chosen from the parsed options (e.g. <c>--cluster</c> in <paramref name="extraOptions"/>).</summary>
    public static Command Create(Func<ParseResult, IFlowQueryClient?> clientFactory, TimeProvider time, IReadOnlyList<Option> extraOptions)
    {
        var fromPod = new Option<string>("--from-pod") { Description = "Only flows from this pod (NAMESPACE/POD)." };
        var toPod = new Option<string>("--to-pod") { Description = "Only flows to this pod (NAMESPACE/POD)." };
        var ns = new Option<string>("--namespace", "-n") { Description = "Only flows with a pod of this namespace on either side." };
        var verdict = new Option<string>("--verdict") { Description = "Only flows with this verdict: FORWARDED, DROPPED or AUDIT." };
        var port = new Option<int?>("--port") { Description = "Only flows to this destination (or service) port." };
        var protocol = new Option<string>("--protocol") { Description = "Only flows of this protocol: TCP, UDP, SCTP, ICMP." };
        var since = new Option<string>("--since") { Description = "Only flows newer than this, e.g. 30s, 5m, 2h." };
        var last = new Option<int?>("--last") { Description = "Only the newest N matching flows (per query, across nodes)." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new flows as they happen." };
        var output = new Option<string>("--output", "-o") { Description = "Output format: compact (default) or json (JSON lines)." };
        var command = new Command("observe", "Show flows with their verdict and the policy rule that decided it.");
        foreach (var option in new Option[] { fromPod, toPod, ns, verdict, port, protocol, since, last, follow, output }.Concat(extraOptions))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var arguments = new ObserveArguments
            {
                FromPod = parseResult.GetValue(fromPod),
                ToPod = parseResult.GetValue(toPod),
                Namespace = parseResult.GetValue(ns),
                Verdict = parseResult.GetValue(verdict),
                Port = parseResult.GetValue(port),
                Protocol = parseResult.GetValue(protocol),
                Since = parseResult.GetValue(since),
                Last = parseResult.GetValue(last),
                Follow = parseResult.GetValue(follow),
                Output = parseResult.GetValue(output),
            };
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            if (!arguments.TryBuild(time, out var query, out var format, out var errors))
            {
                foreach (var error in errors)
                {
                    await stderr.WriteLineAsync($"weft observe: {error}");
                }

                return 2;
            }

            var client = clientFactory(parseResult);
            if (client is null)
            {
                await stderr.WriteLineAsync("weft observe: no flow source is connected (start a cluster with 'weft up'; the agent serves flows)");
                return 1;
            }

            IFlowFormatter formatter = format == FlowOutputFormat.Json ? new JsonFlowFormatter() : new CompactFlowFormatter();
            try
            {
                await foreach (var item in client.ObserveAsync(query, cancellationToken))
                {
                    await stdout.WriteLineAsync(formatter.Format(item));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C ends a follow; that is success.
            }

            return 0;
        });
        return command;
    }
}
