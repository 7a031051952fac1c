using Spectre.Console;
using Weft.Api.Resources;
using Weft.Policy.Evaluation;

namespace Weft.Cli.Commands.Policy;

/// <summary><c>weft policy check</c> text output: the verdict line, then one block per checked direction.</summary>
internal static class VerdictText
{
    public static void Write(CommandIo io, Verdict verdict)
    {
        var console = MatrixTable.ConsoleFor(io);
        var word = verdict.Allowed ? "[green bold]ALLOWED[/]" : "[red bold]DENIED[/]";
        console.MarkupLine($"{word}  {Markup.Escape(verdict.From)} -> {Markup.Escape(verdict.To)}  {verdict.Protocol.ToApiString()}/{verdict.Port}");
        Direction(console, verdict.Egress, "egress at source", verdict.From);
        Direction(console, verdict.Ingress, "ingress at destination", verdict.To);
    }

    private static void Direction(IAnsiConsole console, DirectionVerdict? direction, string title, string endpoint)
    {
        console.WriteLine();
        if (direction is null)
        {
            console.MarkupLine($"{title} {Markup.Escape(endpoint)}: not checked (outside the cluster's pods; no policies of its own)");
            return;
        }

        var result = direction.Allowed ? "[green]allowed[/]" : "[red]denied[/]";
        console.MarkupLine($"{title} {Markup.Escape(direction.Pod)}: {result} by {direction.DecidedBy}");
        Line(console, "isolated", direction.Isolated ? "yes" : "no");
        Line(console, "NetworkPolicies", List(direction.NetworkPolicies));
        Line(console, "AdminNetworkPolicies", List(direction.AdminNetworkPolicies));
        Line(console, "BaselineAdminNetworkPolicy", direction.BaselineSelects ? "selects this pod" : "does not select this pod");
        if (direction.Match is { } match)
        {
            var rule = direction.Direction == TrafficDirection.Ingress ? "ingress" : "egress";
            var peers = direction.Direction == TrafficDirection.Ingress ? "from" : "to";
            var name = string.IsNullOrEmpty(match.RuleName) ? "" : $" \"{match.RuleName}\"";
            var priority = match.Priority is { } p ? $" (priority {p})" : "";
            Line(console, "matched", $"{match.Tier} {match.Policy}{priority} {rule}[{match.RuleIndex}]{name} {match.Action}");
            Line(console, "  peer", match.PeerIndex < 0 ? match.Peer : $"{peers}[{match.PeerIndex}] {match.Peer}");
            Line(console, "  port", match.PortIndex < 0 ? match.Port : $"ports[{match.PortIndex}] {match.Port}");
            if (match.Source is { } source)
            {
                Line(console, "  defined at", source.ToString());
            }
        }
        else
        {
            Line(console, "matched", "no rule");
        }

        Line(console, "reason", direction.Reason);
    }

    private static string List(IReadOnlyCollection<string> items) => items.Count == 0 ? "(none)" : string.Join(", ", items);

    private static void Line(IAnsiConsole console, string label, string value) =>
        console.MarkupLine($"  {Markup.Escape(label + ":"),-30}{Markup.Escape(value)}");
}
