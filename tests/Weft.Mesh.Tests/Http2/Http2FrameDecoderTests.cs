using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Weft.Mesh.Forwarding.Http2;

namespace Weft.Mesh.Tests.Http2;

public sealed class Http2FrameDecoderTests
{
    [Fact]
    public void Decode_SettingsPingAndWindowUpdate_AreReportedInOrder()
    {
        var bytes = new ArrayBufferWriter<byte>();
        Http2FrameWriter.Settings(bytes, [(Http2Setting.InitialWindowSize, 1000), (Http2Setting.MaxConcurrentStreams, 5)]);
        Http2FrameWriter.Ping(bytes, 42, ack: false);
        Http2FrameWriter.WindowUpdate(bytes, 3, 777);
        Http2FrameWriter.SettingsAck(bytes);

        var (error, events, rest) = Decode(bytes.WrittenMemory);

        error.ShouldBe(Http2ErrorCode.NoError);
        events.ShouldBe(["settings 2", "ping 42 ack=False", "window 3 777", "settings-ack"]);
        rest.ShouldBe(0);
    }

    [Fact]
    public void Decode_PartialFrame_StaysInTheBuffer()
    {
        var bytes = new ArrayBufferWriter<byte>();
        Http2FrameWriter.Ping(bytes, 1, ack: true);
        Http2FrameWriter.Ping(bytes, 2, ack: true);

        var (error, events, rest) = Decode(bytes.WrittenMemory[..^3]);

        error.ShouldBe(Http2ErrorCode.NoError);
        events.ShouldBe(["ping 1 ack=True"]);
        rest.ShouldBe(Http2FrameHeader.Size + 8 - 3);
    }

    [Fact]
    public void Decode_PaddedData_StripsPaddingButCountsItForFlowControl()
    {
        // length 1 (pad length) + 5 data + 3 padding
        byte[] frame = [0, 0, 9, 0, Http2Flags.Padded | Http2Flags.EndStream, 0, 0, 0, 1, 3, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0, 0, 0];

        var (error, events, _) = Decode(frame);

        error.ShouldBe(Http2ErrorCode.NoError);
        events.ShouldBe(["data 1 'hello' flow=9 end=True"]);
    }

    [Fact]
    public void Decode_PaddingAsLongAsThePayload_IsProtocolError()
    {
        byte[] frame = [0, 0, 3, 0, Http2Flags.Padded, 0, 0, 0, 1, 3, 0, 0];

        Decode(frame).Error.ShouldBe(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Decode_HeadersWithPriorityAndPadding_ReportsOnlyTheBlock()
    {
        // pad length 2, stream dependency (4), weight (1), block "abc", 2 padding bytes
        byte[] frame = [0, 0, 11, 1, Http2Flags.Padded | Http2Flags.Priority | Http2Flags.EndHeaders, 0, 0, 0, 5, 2, 0, 0, 0, 3, 16, (byte)'a', (byte)'b', (byte)'c', 0, 0];

        Decode(frame).Events.ShouldBe(["headers 5 'abc' end=False"]);
    }

    [Fact]
    public void Decode_HeadersAndContinuations_AssembleOneBlock()
    {
        var bytes = new ArrayBufferWriter<byte>();
        Http2FrameWriter.Headers(bytes, 7, "0123456789abcdefghij"u8, endStream: true, maxFrameSize: 8);

        var (error, events, _) = Decode(bytes.WrittenMemory);

        error.ShouldBe(Http2ErrorCode.NoError);
        events.ShouldBe(["headers 7 '0123456789abcdefghij' end=True"]);
    }

    [Fact]
    public void Decode_OtherFrameInsideAHeaderBlock_IsProtocolError()
    {
        var bytes = new ArrayBufferWriter<byte>();
        bytes.Write<byte>([0, 0, 2, 1, 0, 0, 0, 0, 1, (byte)'a', (byte)'b']); // HEADERS without END_HEADERS
        Http2FrameWriter.Ping(bytes, 1, ack: false);

        Decode(bytes.WrittenMemory).Error.ShouldBe(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Decode_ContinuationWithoutHeaders_IsProtocolError()
    {
        byte[] frame = [0, 0, 1, 9, Http2Flags.EndHeaders, 0, 0, 0, 1, (byte)'a'];

        Decode(frame).Error.ShouldBe(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void Decode_HeaderBlockBeyondTheLimit_IsEnhanceYourCalm()
    {
        var bytes = new ArrayBufferWriter<byte>();
        Http2FrameWriter.Headers(bytes, 1, new byte[100], endStream: false, maxFrameSize: 16);

        Decode(bytes.WrittenMemory, maxHeaderBlock: 64).Error.ShouldBe(Http2ErrorCode.EnhanceYourCalm);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0x40, 1, 0, 0, 0, 0, 0, 1 }, 0x6u)] // DATA longer than 16384
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0x1u)] // DATA on stream 0
    [InlineData(new byte[] { 0, 0, 0, 1, 4, 0, 0, 0, 0 }, 0x1u)] // HEADERS on stream 0
    [InlineData(new byte[] { 0, 0, 4, 3, 0, 0, 0, 0, 0, 0, 0, 0, 8 }, 0x1u)] // RST_STREAM on stream 0
    [InlineData(new byte[] { 0, 0, 3, 3, 0, 0, 0, 0, 1, 0, 0, 8 }, 0x6u)] // RST_STREAM of 3 bytes
    [InlineData(new byte[] { 0, 0, 5, 4, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0 }, 0x6u)] // SETTINGS of 5 bytes
    [InlineData(new byte[] { 0, 0, 6, 4, 1, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1 }, 0x6u)] // SETTINGS ack with payload
    [InlineData(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0, 1 }, 0x1u)] // SETTINGS on a stream
    [InlineData(new byte[] { 0, 0, 4, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0x6u)] // PING of 4 bytes
    [InlineData(new byte[] { 0, 0, 8, 6, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, 0x1u)] // PING on a stream
    [InlineData(new byte[] { 0, 0, 4, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0x6u)] // GOAWAY of 4 bytes
    [InlineData(new byte[] { 0, 0, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0x1u)] // WINDOW_UPDATE 0 on the connection
    [InlineData(new byte[] { 0, 0, 3, 8, 0, 0, 0, 0, 1, 0, 0, 1 }, 0x6u)] // WINDOW_UPDATE of 3 bytes
    [InlineData(new byte[] { 0, 0, 4, 5, 4, 0, 0, 0, 1, 0, 0, 0, 2 }, 0x1u)] // PUSH_PROMISE
    [InlineData(new byte[] { 0, 0, 5, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16 }, 0x1u)] // PRIORITY on stream 0
    public void Decode_MalformedFrame_IsTheRightConnectionError(byte[] frame, uint expected)
    {
        Decode(frame).Error.ShouldBe((Http2ErrorCode)expected);
    }

    [Fact]
    public void Decode_WindowUpdateZeroOnAStream_IsAStreamError()
    {
        byte[] frame = [0, 0, 4, 8, 0, 0, 0, 0, 3, 0, 0, 0, 0];

        var (error, events, _) = Decode(frame);

        error.ShouldBe(Http2ErrorCode.NoError);
        events.ShouldBe(["stream-error 3 ProtocolError"]);
    }

    [Fact]
    public void Decode_PriorityAndUnknownFrames_AreIgnored()
    {
        var bytes = new ArrayBufferWriter<byte>();
        bytes.Write<byte>([0, 0, 5, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 16]); // PRIORITY
        bytes.Write<byte>([0, 0, 3, 0xfa, 0xff, 0, 0, 0, 1, 1, 2, 3]); // unknown type 0xfa
        Http2FrameWriter.GoAway(bytes, 9, Http2ErrorCode.EnhanceYourCalm);

        var (error, events, _) = Decode(bytes.WrittenMemory);

        error.ShouldBe(Http2ErrorCode.NoError);
        events.ShouldBe(["goaway 9 EnhanceYourCalm"]);
    }

    [Fact]
    public void Decode_RstStream_ReportsTheCode()
    {
        var bytes = new ArrayBufferWriter<byte>();
        Http2FrameWriter.RstStream(bytes, 11, Http2ErrorCode.Cancel);

        Decode(bytes.WrittenMemory).Events.ShouldBe(["rst 11 Cancel"]);
    }

    [Fact]
    public void HeadersWriter_AnyBlockAndFrameSize_RoundTripsThroughTheDecoderInOnePieceOrByteByByte()
    {
        Prop.ForAll(
            Gen.Choose(0, 300).ToArbitrary(),
            Gen.Choose(1, 64).ToArbitrary(),
            (length, maxFrame) =>
            {
                var block = Encoding.ASCII.GetBytes(new string('x', length).Select((_, i) => (char)('a' + (i % 26))).ToArray());
                var bytes = new ArrayBufferWriter<byte>();
                Http2FrameWriter.Headers(bytes, 3, block, endStream: false, maxFrameSize: maxFrame);
                var expected = $"headers 3 '{Encoding.ASCII.GetString(block)}' end=False";
                var whole = Decode(bytes.WrittenMemory, maxFrameSize: 64);
                var split = DecodeByteByByte(bytes.WrittenMemory.ToArray());
                return whole.Events.SequenceEqual([expected]) && split.SequenceEqual([expected]);
            }).QuickCheckThrowOnFailure();
    }

    private static (Http2ErrorCode Error, List<string> Events, long Remaining) Decode(ReadOnlyMemory<byte> bytes, int maxFrameSize = Http2PeerSettings.MinFrameSize, int maxHeaderBlock = 65536)
    {
        using var decoder = new Http2FrameDecoder(maxFrameSize, maxHeaderBlock);
        var handler = new RecordingFrameHandler();
        var buffer = new ReadOnlySequence<byte>(bytes);
        var error = decoder.Decode(ref buffer, handler);
        return (error, handler.Events, buffer.Length);
    }

    /// <summary>Feeds the bytes one at a time, keeping what the decoder left, as a read loop does.</summary>
    private static List<string> DecodeByteByByte(byte[] bytes)
    {
        using var decoder = new Http2FrameDecoder(64, 65536);
        var handler = new RecordingFrameHandler();
        var pending = new List<byte>();
        foreach (var b in bytes)
        {
            pending.Add(b);
            var buffer = new ReadOnlySequence<byte>(pending.ToArray());
            decoder.Decode(ref buffer, handler).ShouldBe(Http2ErrorCode.NoError);
            pending = [.. buffer.ToArray()];
        }

        return handler.Events;
    }
}
