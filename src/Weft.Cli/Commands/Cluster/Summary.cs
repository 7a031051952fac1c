using Spectre.Console;
using Weft.Local.Daemon;

namespace Weft.Cli.Commands.Cluster;

/// <summary>The end of <c>weft up</c>: what runs where, and what to try next.</summary>
internal static class Summary
{
    private static readonly string[] Columns = ["NAMESPACE", "NAME", "READY", "STATUS", "IP", "NODE"];

    public static void Print(ClusterView view)
    {
        // kubectl's plain columns: a bordered table would wrap long pod names on narrow terminals.
        if (view.Pods.Count > 0)
        {
            Console.Out.Write(KubectlTable.Render(Columns, view.Pods.Select(pod => (IReadOnlyList<string>)
                [pod.Namespace, pod.Name, pod.ReadyCount, PodColumns.Status(pod), pod.Ip ?? "<none>", pod.Node ?? "<none>"])));
        }

        var ready = view.Pods.Count(p => p.Ready);
        AnsiConsole.MarkupLine($"[bold]{view.Name}[/]: {view.Nodes.Count} nodes, {ready}/{view.Pods.Count} pods ready, policy mode {view.PolicyMode}");
        foreach (var pod in view.Pods.Where(p => !p.Ready && p.Phase != "Succeeded"))
        {
            AnsiConsole.MarkupLine($"  [yellow]{Markup.Escape(pod.Namespace)}/{Markup.Escape(pod.Name)}[/]: {Markup.Escape(PodColumns.Status(pod))}{(pod.Message is null ? "" : " — " + Markup.Escape(pod.Message))}");
        }

        var flag = view.Name == Local.Cluster.ClusterSpec.DefaultName ? "" : $" --cluster {view.Name}";
        AnsiConsole.MarkupLine("\nTry next:");
        AnsiConsole.MarkupLine($"  ./weft get pods -A -o wide{flag}");
        if (view.Pods.FirstOrDefault(p => p.Ready) is { } sample)
        {
            AnsiConsole.MarkupLine($"  ./weft exec {sample.Name} -n {sample.Namespace}{flag} -- ip addr");
            AnsiConsole.MarkupLine($"  ./weft logs {sample.Name} -n {sample.Namespace}{flag}");
        }

        AnsiConsole.MarkupLine($"  ./weft down{flag}");
    }
}
