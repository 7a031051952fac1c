using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Shouldly;
using Weft.Mesh.IO;
using Xunit;

namespace Weft.Mesh.Tests.IO;

/// <summary>Weft's own I/O loop against real loopback sockets: ordering, large transfers both ways, half-close, errors.</summary>
/// <remarks>
/// The loop is one thread for the whole test process, shared with every proxy the other tests run in parallel: what
/// continues after a read the loop completed runs on it. So the checks here leave the loop first (ForceYielding) and
/// compare large buffers with a vectorised SequenceEqual — an element-wise assertion over megabytes on the loop
/// thread stalled every other test's proxies for over a second (a connect timed out in CI).
/// </remarks>
public sealed class LoopStreamTests
{
    [Fact]
    public async Task LargeTransfers_BothWaysAtOnce_ArriveIntactAndInOrder()
    {
        var (a, b) = await PairAsync();
        await using var _ = a;
        await using var __ = b;
        var toB = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);
        var toA = RandomNumberGenerator.GetBytes(5 * 1024 * 1024 + 17);

        var sendAB = SendInPiecesAsync(a, toB);
        var sendBA = SendInPiecesAsync(b, toA);
        var readB = ReadExactlyAsync(b, toB.Length);
        var readA = ReadExactlyAsync(a, toA.Length);
        await Task.WhenAll(sendAB, sendBA).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.ForceYielding);
        Same(await readB.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.ForceYielding), toB);
        Same(await readA.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.ForceYielding), toA);
    }

    [Fact]
    public async Task WritesOnTheLoopThread_AreSentAtTheEndOfTheBatch_InOrder()
    {
        var (a, b) = await PairAsync();
        await using var _ = a;
        await using var __ = b;
        // A reader continuation runs on the loop thread: what it writes there is queued, then sent once.
        async Task<bool> EchoAsync(ValueTask<int> read)
        {
            (await read.ConfigureAwait(false)).ShouldBe(1);
            var onLoop = b.Loop.IsCurrent;
            for (var i = 0; i < 100; i++) await b.WriteAsync(new[] { (byte)i });
            return onLoop;
        }

        var read = b.ReadAsync(new byte[1]);
        read.IsCompleted.ShouldBeFalse(); // nothing sent yet: the loop completes this read
        var echo = EchoAsync(read); // its continuation is registered before anything is sent
        await a.WriteAsync("g"u8.ToArray());
        var echoed = await ReadExactlyAsync(a, 100).WaitAsync(TimeSpan.FromSeconds(10));
        echoed.ShouldBe(Enumerable.Range(0, 100).Select(i => (byte)i).ToArray());
        (await echo.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
    }

    [Fact]
    public async Task ShutdownSend_DeliversQueuedBytesThenEndOfStream_AndTheOtherWayStillWorks()
    {
        var (a, b) = await PairAsync();
        await using var _ = a;
        await using var __ = b;
        await a.WriteAsync("last words"u8.ToArray());
        a.ShutdownSend();
        (await ReadToEndAsync(b)).ShouldBe("last words"u8.ToArray());
        await b.WriteAsync("reply"u8.ToArray());
        (await ReadExactlyAsync(a, 5)).ShouldBe("reply"u8.ToArray());
    }

    [Fact]
    public async Task Dispose_WithMoreQueuedThanTheKernelTakes_StillDeliversEverything()
    {
        var (a, b) = await PairAsync();
        await using var __ = b;
        var data = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
        // Nobody reads yet, so the kernel's buffers fill and the rest stays queued in the stream when it is disposed.
        var write = Task.Run(async () =>
        {
            for (var offset = 0; offset < data.Length; offset += 64 * 1024) await a.WriteAsync(data.AsMemory(offset, 64 * 1024));
            await a.DisposeAsync();
        });
        Same(await ReadToEndAsync(b).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.ForceYielding), data);
        await write;
    }

    [Fact]
    public async Task PendingRead_IsCancelled_ByItsToken_AndTheNextReadStillWorks()
    {
        var (a, b) = await PairAsync();
        await using var _ = a;
        await using var __ = b;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Should.ThrowAsync<OperationCanceledException>(async () => await b.ReadExactlyAsync(new byte[16], cts.Token));
        await a.WriteAsync("x"u8.ToArray());
        (await ReadExactlyAsync(b, 1)).ShouldBe("x"u8.ToArray());
    }

    [Fact]
    public async Task Connect_ToAClosedPort_FailsWithConnectionRefused()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var closed = (IPEndPoint)probe.LocalEndPoint!; // bound, never listening: connects are refused
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var error = await Should.ThrowAsync<SocketException>(async () => await LoopStream.ConnectAsync(socket, closed, CancellationToken.None));
        error.SocketErrorCode.ShouldBe(SocketError.ConnectionRefused);
    }

    [Fact]
    public async Task PeerReset_FailsTheWaitingRead_WithAnIOException()
    {
        var (a, b) = await PairAsync();
        await using var __ = b;
        var read = b.ReadAsync(new byte[16]).AsTask();
        a.Socket.LingerState = new LingerOption(true, 0); // close → RST
        await a.DisposeAsync();
        var result = await Record.ExceptionAsync(() => read.WaitAsync(TimeSpan.FromSeconds(10)));
        // A reset reads as an error; the kernel may also report the end first when the RST races the FIN-less close.
        if (result is not null) result.ShouldBeOfType<IOException>();
        else (await read).ShouldBe(0);
    }

    [Fact]
    public async Task Transport_AcceptsConnections_AndEchoesThroughItsPipes()
    {
        var listener = await new LoopTransportFactory().BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        await using var ___ = listener;
        var server = Task.Run(async () =>
        {
            var connection = (await listener.AcceptAsync())!;
            await using var _ = connection;
            while (true)
            {
                var result = await connection.Transport.Input.ReadAsync();
                foreach (var segment in result.Buffer) await connection.Transport.Output.WriteAsync(segment);
                connection.Transport.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted) break;
            }

            await connection.Transport.Output.CompleteAsync();
        });
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.EndPoint);
        var stream = client.GetStream();
        var data = RandomNumberGenerator.GetBytes(1024 * 1024);
        var reading = ReadAllAsync(stream);
        await stream.WriteAsync(data);
        client.Client.Shutdown(SocketShutdown.Send);
        Same(await reading.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.ForceYielding), data);
        await server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task CompleteReadsOffLoop_MovesAPendingReadsContinuationOffTheLoop_AndOffAgainWhenCleared()
    {
        var (a, b) = await PairAsync();
        await using var _ = a;
        await using var __ = b;

        static async Task<bool> ObserveAsync(ValueTask<int> read)
        {
            (await read.ConfigureAwait(false)).ShouldBe(1);
            return IoLoop.OnLoopThread; // where the read's completion continued
        }

        async Task<bool> ContinuesOnLoopAsync()
        {
            var buffer = new byte[1];
            var read = b.ReadAsync(buffer);
            read.IsCompleted.ShouldBeFalse(); // nothing sent yet: the loop completes this read
            var observed = ObserveAsync(read); // its continuation is registered before anything is sent
            await a.WriteAsync(new byte[] { 1 });
            return await observed;
        }

        b.CompleteReadsOffLoop = true;
        (await Task.Run(ContinuesOnLoopAsync)).ShouldBeFalse();
        b.CompleteReadsOffLoop = false;
        (await Task.Run(ContinuesOnLoopAsync)).ShouldBeTrue();
    }

    [Fact]
    public async Task ServerTlsHandshake_RunsItsCertificateCheckOffTheLoop_ThenCarriesData()
    {
        using var pki = new Weft.Mesh.Tests.Support.TestPki();
        using var server = pki.Issue(Weft.Mesh.Tests.Support.TestPki.Cart);
        using var client = pki.Issue(Weft.Mesh.Tests.Support.TestPki.Frontend);
        await using var listener = await new LoopTransportFactory().BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        bool? checkedOnLoop = null;
        var serving = Task.Run(async () =>
        {
            var connection = (await listener.AcceptAsync())!;
            var options = new System.Net.Security.SslServerAuthenticationOptions
            {
                ServerCertificateContext = server.TlsContext,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    checkedOnLoop = IoLoop.OnLoopThread;
                    return certificate is not null;
                },
            };
            await using var tls = await Weft.Mesh.Hosting.ServerTls.HandshakeAsync(connection, options, TimeSpan.FromSeconds(10), TimeProvider.System);
            tls.ShouldNotBeNull();
            var result = await tls.Input.ReadAtLeastAsync(4);
            var ping = System.Buffers.BuffersExtensions.ToArray(result.Buffer.Slice(0, 4));
            tls.Input.AdvanceTo(result.Buffer.GetPosition(4));
            await tls.Output.WriteAsync(ping);
            await connection.DisposeAsync();
        });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync((IPEndPoint)listener.EndPoint);
        await using var ssl = new System.Net.Security.SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "server.weft",
            ClientCertificateContext = client.TlsContext,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == server.Leaf.GetCertHashString(),
        }).WaitAsync(TimeSpan.FromSeconds(10));
        await ssl.WriteAsync("ping"u8.ToArray());
        var echoed = new byte[4];
        await ssl.ReadExactlyAsync(echoed).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        echoed.ShouldBe("ping"u8.ToArray());
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
        checkedOnLoop.ShouldBe(false);
    }

    /// <summary>Equal bytes, compared in one vectorised pass (off the loop thread: the callers yield first).</summary>
    private static void Same(byte[] actual, byte[] expected)
    {
        actual.Length.ShouldBe(expected.Length);
        actual.AsSpan().SequenceEqual(expected).ShouldBeTrue("the bytes differ");
    }

    private static async Task<(LoopStream A, LoopStream B)> PairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var accepting = listener.AcceptAsync();
        var a = await LoopStream.ConnectAsync(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), listener.LocalEndPoint!, CancellationToken.None);
        var accepted = await accepting;
        accepted.Blocking = false;
        return (a, LoopStream.Accepted(accepted, IoLoop.Next()));
    }

    private static async Task SendInPiecesAsync(Stream stream, byte[] data)
    {
        var random = new Random(7);
        for (var offset = 0; offset < data.Length;)
        {
            var n = Math.Min(random.Next(1, 100_000), data.Length - offset);
            await stream.WriteAsync(data.AsMemory(offset, n));
            offset += n;
        }
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        using var all = new MemoryStream();
        await stream.CopyToAsync(all);
        return all.ToArray();
    }

    private static Task<byte[]> ReadAllAsync(Stream stream) => ReadToEndAsync(stream);
}
