using System.Buffers;
using System.Text;
using Weft.Mesh.Forwarding.Http2;

namespace Weft.Mesh.Tests.Http2;

/// <summary>Records what the decoder reports, one line per callback.</summary>
internal sealed class RecordingFrameHandler : IHttp2FrameHandler
{
    public List<string> Events { get; } = [];

    public Http2ErrorCode OnData(int streamId, in ReadOnlySequence<byte> data, int flowLength, bool endStream)
    {
        Events.Add($"data {streamId} '{Encoding.ASCII.GetString(data)}' flow={flowLength} end={endStream}");
        return Http2ErrorCode.NoError;
    }

    public Http2ErrorCode OnHeaders(int streamId, in ReadOnlySequence<byte> block, bool endStream)
    {
        Events.Add($"headers {streamId} '{Encoding.ASCII.GetString(block)}' end={endStream}");
        return Http2ErrorCode.NoError;
    }

    public void OnRstStream(int streamId, Http2ErrorCode code) => Events.Add($"rst {streamId} {code}");

    public Http2ErrorCode OnSettings(in ReadOnlySequence<byte> payload)
    {
        Events.Add($"settings {payload.Length / 6}");
        return Http2ErrorCode.NoError;
    }

    public void OnSettingsAck() => Events.Add("settings-ack");

    public void OnPing(ulong opaque, bool ack) => Events.Add($"ping {opaque} ack={ack}");

    public void OnGoAway(int lastStreamId, Http2ErrorCode code) => Events.Add($"goaway {lastStreamId} {code}");

    public Http2ErrorCode OnWindowUpdate(int streamId, int increment)
    {
        Events.Add($"window {streamId} {increment}");
        return Http2ErrorCode.NoError;
    }

    public void OnStreamError(int streamId, Http2ErrorCode code) => Events.Add($"stream-error {streamId} {code}");
}
