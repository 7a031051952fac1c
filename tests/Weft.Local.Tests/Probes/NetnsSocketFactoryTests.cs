using System.Net.Sockets;
using Weft.Local.Probes;

namespace Weft.Local.Tests.Probes;

public sealed class NetnsSocketFactoryTests
{
    [Fact]
    public void Create_MissingNamespace_ThrowsInvalidOperationNamingIt()
    {
        var factory = new NetnsSocketFactory("wtapp-no-such-netns");

        Should.Throw<InvalidOperationException>(() => factory.Create(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            .Message.ShouldStartWith("network namespace wtapp-no-such-netns:");
    }

    [Fact]
    public async Task Executor_MissingNamespace_IsAFailedVerdictNotAnException()
    {
        var verdict = await new NetnsProbeExecutor(TimeProvider.System).RunAsync(
            new ProbeAction { Kind = ProbeActionKind.TcpSocket, Port = 80 }, "wtapp-no-such-netns", TimeSpan.FromSeconds(1), CancellationToken.None);

        verdict.Success.ShouldBeFalse();
        verdict.Message!.ShouldContain("wtapp-no-such-netns");
    }
}
