using System.CommandLine;
using Weft.Cli.Commands.Observe;
using Weft.Flows.Store;

namespace Weft.Flows.Tests.Cli;

public sealed class FlowCommandsTests
{
    private static readonly PolicyRuleRef DenyAll = new()
    {
        Tier = PolicyTier.NetworkPolicy, PolicyKey = "y/deny-all", Direction = FlowDirection.Ingress, RuleIndex = 0, Action = RuleAction.Deny,
    };

    private readonly ManualTimeProvider _time = new(Flows.T0.AddMinutes(1));

    private FlowStore Store()
    {
        var store = new FlowStore("n1", 16);
        store.Add(Flows.Flow(Flows.Pod("x", "a", "10.244.0.2", 43210, identity: 12, labels: ("app", "a")), Flows.Pod("y", "b", "10.244.0.3", 80, identity: 7, labels: ("app", "b"))));
        store.Add(Flows.Flow(Flows.Pod("x", "a", "10.244.0.2", 43211, identity: 12, labels: ("app", "a")), Flows.Pod("y", "b", "10.244.0.3", 81, identity: 7, labels: ("app", "b")), FlowVerdict.Dropped) with { Rule = DenyAll });
        return store;
    }

    private static async Task<(int Exit, string Output, string Error)> Run(Command command, params string[] args)
    {
        var root = new RootCommand { command };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Observe_VerdictDropped_PrintsOnlyTheDropWithItsRule()
    {
        var store = Store();
        var (exit, output, error) = await Run(ObserveCommand.Create(() => new FlowStoreQueryClient([store]), _time), "observe", "--verdict", "DROPPED");
        error.ShouldBeEmpty();
        exit.ShouldBe(0);
        output.ShouldBe("Nov 21 06:30:01.123 x/a:43211 (id 12) -> y/b:81 (id 7) tcp DROPPED by NetworkPolicy y/deny-all ingress rule 0\n");
    }

    [Fact]
    public async Task Observe_JsonOutput_PrintsOneObjectPerLine()
    {
        var store = Store();
        var (exit, output, _) = await Run(ObserveCommand.Create(() => new FlowStoreQueryClient([store]), _time), "observe", "-o", "json", "--last", "2");
        exit.ShouldBe(0);
        output.TrimEnd('\n').Split('\n').Length.ShouldBe(2);
    }

    [Fact]
    public async Task Observe_BadOption_ExitsTwoAndChangesNothing()
    {
        var (exit, output, error) = await Run(ObserveCommand.Create(() => throw new InvalidOperationException("must not connect"), _time), "observe", "--port", "0");
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain("--port");
    }

    [Fact]
    public async Task Observe_NoFlowSource_ExplainsAndExitsOne()
    {
        var (exit, _, error) = await Run(ObserveCommand.Create(), "observe");
        exit.ShouldBe(1);
        error.ShouldContain("no flow source");
    }

    [Fact]
    public async Task Generate_FromFlows_PrintsPolicyForTheForwardedFlowOnly()
    {
        var store = Store();
        var (exit, output, _) = await Run(GenerateFromFlowsCommand.Create(() => new FlowStoreQueryClient([store]), () => [], _time), "generate", "--from-flows", "-n", "y");
        exit.ShouldBe(0);
        output.ShouldContain("name: b-ingress");
        output.ShouldContain("port: 80");
        output.ShouldNotContain("port: 81");
    }

    [Fact]
    public async Task Generate_WithoutFromFlows_ExitsTwo()
    {
        var (exit, _, error) = await Run(GenerateFromFlowsCommand.Create(), "generate");
        exit.ShouldBe(2);
        error.ShouldContain("--from-flows");
    }
}
