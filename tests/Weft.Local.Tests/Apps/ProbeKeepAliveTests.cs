using System.Net;
using System.Net.Sockets;
using System.Text;
using Weft.Local.Apps.Probing;

namespace Weft.Local.Tests.Apps;

/// <summary>Functional: an HTTP probe against a server that ignores "Connection: close" still finishes at once.</summary>
public sealed class ProbeKeepAliveTests
{
    [Fact]
    public async Task HttpProbe_ServerKeepsConnectionOpen_SucceedsWithoutWaitingForClose()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var release = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            using var connection = await listener.AcceptAsync();
            var buffer = new byte[4096];
            await connection.ReceiveAsync(buffer, SocketFlags.None);
            await connection.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: keep-alive\r\n\r\nready\n"), SocketFlags.None);
            // Hold the connection open until the test ends.
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });

        var result = await new Prober(HostSocketFactory.Instance, TimeProvider.System).RunAsync(
            new ProbeRequest { Protocol = ProbeProtocol.Http, Host = "127.0.0.1", Port = port, Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None);

        result.Connected.ShouldBeTrue(result.Error);
        result.Reply.ShouldBe("ready");
        await release.CancelAsync();
        await server;
    }
}
