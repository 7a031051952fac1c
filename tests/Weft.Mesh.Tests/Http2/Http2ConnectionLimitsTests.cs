using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Weft.Mesh.Config;
using Weft.Mesh.Forwarding.Http2;
using Weft.Mesh.Forwarding.Http2.Hpack;
using Weft.Mesh.Tests.Support;

namespace Weft.Mesh.Tests.Http2;

/// <summary>The fast path's server side as a raw client sees it: settings, protocol errors, limits.</summary>
public sealed class Http2ConnectionLimitsTests
{
    [Fact]
    public async Task Preface_IsAnsweredWithTheFastPathSettingsAndAnAck()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2], limits: new ProxyLimits { MaxConcurrentStreams = 7 });
        using var client = await RawH2Client.ConnectAsync(proxy.ListenerEndpoint(TestProxies.Listener));

        await client.SendAsync(b =>
        {
            b.Write(Http2FrameWriter.ClientPreface);
            Http2FrameWriter.Settings(b, []);
        });
        var settings = await client.ReadFrameAsync();
        var window = await client.ReadFrameAsync();
        var ack = await client.ReadUntilAsync(Http2FrameType.Settings);

        settings.ShouldNotBeNull().Header.Type.ShouldBe(Http2FrameType.Settings);
        Setting(settings.Value.Payload, Http2Setting.MaxConcurrentStreams).ShouldBe(7u);
        Setting(settings.Value.Payload, Http2Setting.InitialWindowSize).ShouldBe((uint)Http2Connection.StreamWindow);
        window.ShouldNotBeNull().Header.Type.ShouldBe(Http2FrameType.WindowUpdate);
        BinaryPrimitives.ReadUInt32BigEndian(window.Value.Payload).ShouldBe((uint)(Http2Connection.ConnectionWindow - 65_535));
        ack.ShouldNotBeNull().Header.Flags.ShouldBe(Http2Flags.Ack);
    }

    [Fact]
    public async Task DataOnStreamZero_EndsTheConnectionWithGoAwayProtocolError()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2]);
        using var client = await RawH2Client.ConnectAsync(proxy.ListenerEndpoint(TestProxies.Listener));

        await client.SendAsync(b =>
        {
            b.Write(Http2FrameWriter.ClientPreface);
            Http2FrameWriter.Settings(b, []);
            b.Write<byte>([0, 0, 1, 0, 0, 0, 0, 0, 0, 42]);
        });
        var goAway = await client.ReadUntilAsync(Http2FrameType.GoAway);

        goAway.ShouldNotBeNull();
        ((Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(goAway.Value.Payload.AsSpan(4))).ShouldBe(Http2ErrorCode.ProtocolError);
        (await client.ReadFrameAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Ping_IsAcknowledgedWithTheSameData()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2]);
        using var client = await RawH2Client.ConnectAsync(proxy.ListenerEndpoint(TestProxies.Listener));

        await client.SendAsync(b =>
        {
            b.Write(Http2FrameWriter.ClientPreface);
            Http2FrameWriter.Settings(b, []);
            Http2FrameWriter.Ping(b, 0x0102030405060708, ack: false);
        });
        var pong = await client.ReadUntilAsync(Http2FrameType.Ping);

        pong.ShouldNotBeNull().Header.Flags.ShouldBe(Http2Flags.Ack);
        BinaryPrimitives.ReadUInt64BigEndian(pong.Value.Payload).ShouldBe(0x0102030405060708ul);
    }

    [Fact]
    public async Task OversizedHeaderList_IsAnswered431WithoutReachingTheUpstream()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2], limits: new ProxyLimits { MaxRequestHeadersTotalSize = 4096 });
        using var client = await RawH2Client.ConnectAsync(proxy.ListenerEndpoint(TestProxies.Listener));
        var block = new ArrayBufferWriter<byte>();
        var encoder = new HpackEncoder();
        encoder.BeginBlock(block);
        encoder.Encode(":method"u8, "GET"u8, block);
        encoder.Encode(":scheme"u8, "http"u8, block);
        encoder.Encode(":authority"u8, "svc"u8, block);
        encoder.Encode(":path"u8, "/"u8, block);
        encoder.Encode("x-big"u8, Encoding.ASCII.GetBytes(new string('a', 8000)), block);

        await client.SendAsync(b =>
        {
            b.Write(Http2FrameWriter.ClientPreface);
            Http2FrameWriter.Settings(b, []);
            Http2FrameWriter.Headers(b, 1, block.WrittenSpan, endStream: true, Http2PeerSettings.MinFrameSize);
        });
        var response = await client.ReadUntilAsync(Http2FrameType.Headers);

        response.ShouldNotBeNull();
        var fields = new Http2HeaderList();
        new HpackDecoder().Decode(new ReadOnlySequence<byte>(response.Value.Payload), fields).ShouldBe(HpackStatus.Ok);
        Encoding.ASCII.GetString(fields.Find(":status"u8)).ShouldBe("431");
        upstream.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task ServerShutdown_SendsGoAwayNoErrorAndClosesAnIdleConnection()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var proxy = await TestProxies.StartAsync([upstream.Http2]);
        using var client = await RawH2Client.ConnectAsync(proxy.ListenerEndpoint(TestProxies.Listener));
        await client.SendAsync(b =>
        {
            b.Write(Http2FrameWriter.ClientPreface);
            Http2FrameWriter.Settings(b, []);
        });
        (await client.ReadUntilAsync(Http2FrameType.Settings)).ShouldNotBeNull();

        var stopping = proxy.DisposeAsync();
        var goAway = await client.ReadUntilAsync(Http2FrameType.GoAway);
        var after = await client.ReadFrameAsync();
        await stopping;

        goAway.ShouldNotBeNull();
        ((Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(goAway.Value.Payload.AsSpan(4))).ShouldBe(Http2ErrorCode.NoError);
        after.ShouldBeNull();
    }

    [Fact]
    public async Task IncompleteHeaderBlock_IsCutOffAfterTheHeaderTimeout()
    {
        var time = new ManualTimeProvider();
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = await TestProxies.StartAsync([upstream.Http2], time: time, limits: new ProxyLimits { RequestHeadersTimeout = TimeSpan.FromSeconds(4) });
        using var client = await RawH2Client.ConnectAsync(proxy.ListenerEndpoint(TestProxies.Listener));
        await client.SendAsync(b =>
        {
            b.Write(Http2FrameWriter.ClientPreface);
            Http2FrameWriter.Settings(b, []);
        });
        (await client.ReadUntilAsync(Http2FrameType.Settings)).ShouldNotBeNull(); // the server's settings: the preface was taken

        // HEADERS without END_HEADERS, and no CONTINUATION ever.
        await client.SendAsync(b => b.Write<byte>([0, 0, 1, 1, Http2Flags.EndStream, 0, 0, 0, 1, 0x82]));
        var reader = client.ReadUntilAsync(Http2FrameType.GoAway);
        // Fake time moves a second per step, at most 100 s (below the 130 s idle timeout), while the server gets real
        // time to take the frame; the cut-off must come from the header timeout alone.
        for (var i = 0; i < 100 && !reader.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(reader, Task.Delay(100));
        }

        var goAway = await reader;
        goAway.ShouldNotBeNull();
        ((Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(goAway.Value.Payload.AsSpan(4))).ShouldBe(Http2ErrorCode.EnhanceYourCalm);
        upstream.Requests.ShouldBe(0);
    }

    private static uint? Setting(byte[] payload, Http2Setting id)
    {
        for (var i = 0; i + 6 <= payload.Length; i += 6)
        {
            if (BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(i)) == (ushort)id) return BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(i + 2));
        }

        return null;
    }
}
