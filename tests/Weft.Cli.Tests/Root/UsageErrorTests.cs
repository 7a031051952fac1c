using Weft.Cli.Tests.Policy;

namespace Weft.Cli.Tests.Root;

public sealed class UsageErrorTests
{
    [Fact]
    public void UnknownOption_Exits2_NamesTheOptionAndTheCommandsHelp()
    {
        var run = CliRun.Weft("policy", "lint", "-f", ".", "--no-such-option");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("--no-such-option");
        run.Error.ShouldContain("Run 'weft policy lint --help'");
    }

    [Fact]
    public void BadOptionValue_Exits2()
    {
        var run = CliRun.Weft("policy", "check", "-f", ".", "--from", "x/a", "--to", "x/b", "--port", "eighty");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("eighty");
    }

    [Fact]
    public void UnknownCommand_Exits2_PointsAtRootHelp()
    {
        var run = CliRun.Weft("frobnicate");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("Run 'weft --help'");
    }

    [Fact]
    public void Help_IsNotAnError()
    {
        var run = CliRun.Weft("policy", "--help");
        run.ExitCode.ShouldBe(0);
        run.Output.ShouldContain("matrix");
    }
}
