using Weft.Api.Resources;
using Weft.Local.Apps;

namespace Weft.Local.Tests.Apps;

public sealed class ContainerCommandTests
{
    private static readonly WeftCommandLine Weft = new("/usr/bin/dotnet", ["/opt/weft/weft.dll"]);

    [Fact]
    public void TryResolve_EchoImageWithoutCommand_ServesContainerPorts()
    {
        var container = new Container
        {
            Name = "web",
            Image = "weft/echo:latest",
            Ports = [new ContainerPort { Port = 80 }, new ContainerPort { Name = "tcp-echo", Port = 81 }, new ContainerPort { Port = 81, Protocol = Protocol.Udp }, new ContainerPort { Port = 9000 }],
        };

        ContainerCommand.TryResolve(container, Weft, out var file, out var args, out var env, out _).ShouldBeTrue();

        file.ShouldBe("/usr/bin/dotnet");
        args.ShouldBe(["/opt/weft/weft.dll", "app", "serve"]);
        env["WEFT_PORTS"].ShouldBe("http:80,tcp:81,udp:81,http:9000");
    }

    [Fact]
    public void TryResolve_CommandStartingWithWeft_RunsThisWeft()
    {
        var container = new Container { Name = "c", Command = ["weft", "app", "probe"], Args = ["tcp", "10.0.0.1:80"] };

        ContainerCommand.TryResolve(container, Weft, out var file, out var args, out _, out _).ShouldBeTrue();

        file.ShouldBe("/usr/bin/dotnet");
        args.ShouldBe(["/opt/weft/weft.dll", "app", "probe", "tcp", "10.0.0.1:80"]);
    }

    [Fact]
    public void TryResolve_OrdinaryCommand_RunsAsGiven()
    {
        var container = new Container { Name = "c", Image = "busybox", Command = ["sleep"], Args = ["3600"] };

        ContainerCommand.TryResolve(container, Weft, out var file, out var args, out _, out _).ShouldBeTrue();

        (file, args.Single()).ShouldBe(("sleep", "3600"));
    }

    [Fact]
    public void TryResolve_NoCommandNoBuiltinImage_Fails()
    {
        ContainerCommand.TryResolve(new Container { Name = "c", Image = "nginx" }, Weft, out _, out _, out _, out var error).ShouldBeFalse();

        error!.ShouldContain("no command given");
    }

    [Theory]
    [InlineData("weft/echo", true)]
    [InlineData("weft/echo:1.0", true)]
    [InlineData("ghcr.io/weft/echo:1.0", true)]
    [InlineData("weft/echoes", false)]
    [InlineData("localhost:5000/other", false)]
    public void IsEchoImage_RecognisesNameWithTagsAndRegistries(string image, bool expected)
    {
        ContainerCommand.IsEchoImage(image).ShouldBe(expected);
    }
}
