using Weft.Cli.Commands.Policy;
using Weft.Local.Daemon;

namespace Weft.Cli.Tests.Policy;

/// <summary><c>weft policy mode</c> and <c>weft up --policy-mode</c>: input checks (no cluster needed) and how answers are reported.</summary>
public sealed class PolicyModeCommandTests
{
    [Theory]
    [InlineData("permissive")]
    [InlineData("1")]
    [InlineData("")]
    public void Mode_UnknownValue_ExitsTwoWithTheAllowedValues(string value)
    {
        var run = CliRun.Weft("policy", "mode", value, "--cluster", "nosuchcluster");

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain($"mode: '{value}' must be audit or enforce");
    }

    [Fact]
    public void Mode_ClusterNotRunning_ExitsOneAndSaysSo()
    {
        var run = CliRun.Weft("policy", "mode", "audit", "--cluster", "nosuchcluster");

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain("cluster \"nosuchcluster\" is not running");
    }

    [Fact]
    public void Up_UnknownPolicyMode_ExitsTwoBeforeTouchingAnything()
    {
        var run = CliRun.Weft("up", "--cluster", "nosuchcluster", "--policy-mode", "strict");

        run.ExitCode.ShouldBe(2);
        Directory.Exists(Local.State.StatePaths.For("nosuchcluster").Directory).ShouldBeFalse();
    }

    [Fact]
    public void Report_Changed_SaysWhatTheModeMeans()
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        ModeCommand.Report(new PolicyModeResponse("audit", true, [], []), output, error).ShouldBe(0);

        output.ToString().ShouldContain("policy mode set to audit");
        output.ToString().ShouldContain("AUDIT in weft observe");
        error.ToString().ShouldBeEmpty();
    }

    [Fact]
    public void Report_Unchanged_SaysItAlreadyWasSo()
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        ModeCommand.Report(new PolicyModeResponse("enforce", false, [], []), output, error).ShouldBe(0);

        output.ToString().ShouldContain("policy mode is already enforce");
    }

    [Fact]
    public void Report_NodesBehind_WarnsAndExitsOne()
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        ModeCommand.Report(new PolicyModeResponse("audit", true, [], ["node2"]), output, error).ShouldBe(1);

        error.ToString().ShouldContain("not yet applied on node2");
    }

    [Fact]
    public void Report_Rejected_PrintsTheErrorsAndExitsTwo()
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        ModeCommand.Report(new PolicyModeResponse("enforce", false, ["mode: 'x' must be audit or enforce"], []), output, error).ShouldBe(2);

        error.ToString().ShouldContain("mode: 'x' must be audit or enforce");
        output.ToString().ShouldBeEmpty();
    }
}
