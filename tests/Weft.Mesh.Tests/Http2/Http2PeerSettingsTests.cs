using System.Buffers;
using Weft.Mesh.Forwarding.Http2;

namespace Weft.Mesh.Tests.Http2;

public sealed class Http2PeerSettingsTests
{
    [Fact]
    public void Apply_ValidSettings_UpdatesOnlyWhatTheyNameAndReportsTheWindowDelta()
    {
        var settings = new Http2PeerSettings();

        var error = settings.Apply(Payload((Http2Setting.InitialWindowSize, 65_545), (Http2Setting.MaxFrameSize, 32_768)), out var delta);

        error.ShouldBe(Http2ErrorCode.NoError);
        delta.ShouldBe(10);
        settings.MaxFrameSize.ShouldBe(32_768);
        settings.MaxConcurrentStreams.ShouldBe(int.MaxValue);
        settings.HeaderTableSize.ShouldBe(4096);
    }

    [Theory]
    [InlineData(2, 2u, 0x1u)] // ENABLE_PUSH 2: PROTOCOL_ERROR
    [InlineData(4, 0x8000_0000u, 0x3u)] // INITIAL_WINDOW_SIZE above 2^31-1: FLOW_CONTROL_ERROR
    [InlineData(5, 16_383u, 0x1u)] // MAX_FRAME_SIZE below 16384: PROTOCOL_ERROR
    [InlineData(5, 16_777_216u, 0x1u)] // MAX_FRAME_SIZE above 2^24-1: PROTOCOL_ERROR
    public void Apply_InvalidValue_IsRejectedAndNothingChanges(int id, uint value, uint expected)
    {
        var settings = new Http2PeerSettings();

        var error = settings.Apply(Payload((Http2Setting.MaxConcurrentStreams, 7), ((Http2Setting)id, value)), out _);

        error.ShouldBe((Http2ErrorCode)expected);
        settings.MaxConcurrentStreams.ShouldBe(int.MaxValue);
    }

    [Fact]
    public void Apply_UnknownIdentifier_IsIgnored()
    {
        var settings = new Http2PeerSettings();

        settings.Apply(Payload(((Http2Setting)0x99, 5)), out _).ShouldBe(Http2ErrorCode.NoError);
    }

    private static ReadOnlySequence<byte> Payload(params (Http2Setting Id, uint Value)[] entries)
    {
        var bytes = new ArrayBufferWriter<byte>();
        Http2FrameWriter.Settings(bytes, entries);
        return new ReadOnlySequence<byte>(bytes.WrittenMemory[Http2FrameHeader.Size..]);
    }
}
