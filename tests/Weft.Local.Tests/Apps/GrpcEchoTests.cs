using System.Collections.Immutable;
using System.Net;
using Weft.Api.Resources;
using Weft.Local.Apps;
using Weft.Local.Apps.Grpc;
using Weft.Local.Apps.Probing;

namespace Weft.Local.Tests.Apps;

/// <summary>
/// The echo app's gRPC mode against the gRPC probe, on loopback: real h2c with length-prefixed messages and
/// grpc-status trailers; plus the pure codecs.
/// </summary>
public sealed class GrpcEchoTests
{
    private static readonly EchoIdentity Identity = new("api-0", "shop", "node1");

    private static async Task<(EchoServer Server, int Port)> StartAsync()
    {
        var options = new EchoServerOptions { Ports = [new ServePort(ServeProtocol.Grpc, 0)], Bind = IPAddress.Loopback, Identity = Identity };
        EchoServer.TryStart(options, TimeProvider.System, out var server, out var error).ShouldBeTrue(error);
        return (server!, server!.Endpoints[0].Port);
    }

    private static Task<ProbeResult> ProbeAsync(int port, string path = "/", int? status = null, string? send = null) =>
        new Prober(HostSocketFactory.Instance, TimeProvider.System).RunAsync(
            new ProbeRequest { Protocol = ProbeProtocol.Grpc, Host = "127.0.0.1", Port = port, Path = path, GrpcStatus = status, Send = send, Timeout = TimeSpan.FromSeconds(10) },
            CancellationToken.None);

    [Fact]
    public async Task Echo_UnaryCall_AnswersTheMessageAndWhoAnsweredWithStatusOk()
    {
        var (server, port) = await StartAsync();
        await using var _ = server;

        var result = await ProbeAsync(port, send: "hello");

        result.Connected.ShouldBeTrue(result.Error);
        result.Status.ShouldBe(200);
        result.GrpcStatus.ShouldBe("0");
        result.Reply.ShouldStartWith("hello pod=api-0 namespace=shop client=127.0.0.1:");
    }

    [Fact]
    public async Task Status_ChosenCode_ComesBackWithItsMessage()
    {
        var (server, port) = await StartAsync();
        await using var _ = server;

        var result = await ProbeAsync(port, status: 5, send: "no such item ✓");

        result.Connected.ShouldBeTrue(result.Error);
        result.GrpcStatus.ShouldBe("5");
        result.GrpcMessage.ShouldBe("no such item ✓");
    }

    [Fact]
    public async Task UnknownMethod_IsUnimplementedAndFailsAProbeExpectingOk()
    {
        var (server, port) = await StartAsync();
        await using var _ = server;

        var result = await ProbeAsync(port, path: "/weft.echo.Echo/Nope");

        result.Connected.ShouldBeFalse();
        result.GrpcStatus.ShouldBe("12");
        result.Error.ShouldBe("grpc-status 12, expected 0");
    }

    [Fact]
    public void Frame_RoundTrips_AndRefusesTruncatedOrCompressedInput()
    {
        var frame = GrpcFrame.Write([1, 2, 3]);

        frame.ShouldBe(new byte[] { 0, 0, 0, 0, 3, 1, 2, 3 });
        GrpcFrame.TryRead(frame, out var message, out var consumed, out _).ShouldBeTrue();
        message.ShouldBe(new byte[] { 1, 2, 3 });
        consumed.ShouldBe(8);
        GrpcFrame.TryRead(frame.AsSpan(0, 7), out _, out _, out var truncated).ShouldBeFalse();
        truncated.ShouldBe("truncated message");
        GrpcFrame.TryRead([1, 0, 0, 0, 0], out _, out _, out var compressed).ShouldBeFalse();
        compressed.ShouldBe("compressed messages are not supported");
    }

    [Fact]
    public void Proto_StatusRequest_DecodesAsProtobufFieldsAndSkipsUnknownOnes()
    {
        byte[] unknownFixed32 = [(9 << 3) | 5, 1, 2, 3, 4];
        var encoded = EchoProto.EncodeStatusRequest(300, "gone").Concat(unknownFixed32).ToArray();

        EchoProto.TryDecode(encoded, out var strings, out var varints).ShouldBeTrue();

        varints[1].ShouldBe(300UL, "varint across two bytes");
        strings[2].ShouldBe("gone");
        EchoProto.TryDecode([0x0a, 5, 1], out _, out _).ShouldBeFalse("length beyond the message");
    }

    [Fact]
    public void StatusText_PercentEncodesOutsidePrintableAscii()
    {
        GrpcStatusText.Encode("50% off ✓").ShouldBe("50%25 off %E2%9C%93");
        GrpcStatusText.Decode("50%25 off %E2%9C%93").ShouldBe("50% off ✓");
    }

    [Fact]
    public void EchoPorts_PortNamedGrpc_ServesGrpc()
    {
        var container = new Container { Name = "api", Ports = [new ContainerPort { Name = "grpc", Port = 9090 }, new ContainerPort { Name = "http", Port = 8080 }] };

        ContainerCommand.EchoPorts(container).ShouldBe("grpc:9090,http:8080");
        ServePortList.TryParse("grpc:9090", out var ports, out _).ShouldBeTrue();
        ports.ShouldBe(ImmutableArray.Create(new ServePort(ServeProtocol.Grpc, 9090)));
    }
}
