using System.Buffers;
using System.Buffers.Binary;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// What the peer told us in its SETTINGS frames, starting from the protocol's initial values (RFC 9113 §6.5.2).
/// A SETTINGS frame updates only the parameters it names.
/// </summary>
internal sealed class Http2PeerSettings
{
    public const int DefaultWindowSize = 65_535;
    public const int MinFrameSize = 16_384;
    public const int MaxFrameSizeLimit = 16_777_215;
    public const int MaxWindowSize = int.MaxValue;

    public int HeaderTableSize { get; private set; } = 4096;

    public bool EnablePush { get; private set; } = true;

    /// <summary>Unlimited until the peer says otherwise (§5.1.2).</summary>
    public int MaxConcurrentStreams { get; private set; } = int.MaxValue;

    public int InitialWindowSize { get; private set; } = DefaultWindowSize;

    public int MaxFrameSize { get; private set; } = MinFrameSize;

    public int MaxHeaderListSize { get; private set; } = int.MaxValue;

    /// <summary>
    /// Applies a SETTINGS payload (length already checked to be a multiple of 6). Returns the connection error for
    /// an invalid value (§6.5.2): ENABLE_PUSH above 1 and a MAX_FRAME_SIZE out of range are PROTOCOL_ERROR, an
    /// INITIAL_WINDOW_SIZE above 2^31-1 is FLOW_CONTROL_ERROR. Nothing is applied when a value is invalid.
    /// </summary>
    public Http2ErrorCode Apply(in ReadOnlySequence<byte> payload, out int windowDelta)
    {
        windowDelta = 0;
        var error = Validate(payload);
        if (error != Http2ErrorCode.NoError) return error;
        var reader = new SequenceReader<byte>(payload);
        Span<byte> entry = stackalloc byte[6];
        while (reader.TryCopyTo(entry))
        {
            reader.Advance(6);
            var value = BinaryPrimitives.ReadUInt32BigEndian(entry[2..]);
            switch ((Http2Setting)BinaryPrimitives.ReadUInt16BigEndian(entry))
            {
                case Http2Setting.HeaderTableSize:
                    HeaderTableSize = (int)Math.Min(value, int.MaxValue);
                    break;
                case Http2Setting.EnablePush:
                    EnablePush = value == 1;
                    break;
                case Http2Setting.MaxConcurrentStreams:
                    MaxConcurrentStreams = (int)Math.Min(value, int.MaxValue);
                    break;
                case Http2Setting.InitialWindowSize:
                    // A change applies to every open stream's send window as a delta (§6.9.2).
                    windowDelta += (int)value - InitialWindowSize;
                    InitialWindowSize = (int)value;
                    break;
                case Http2Setting.MaxFrameSize:
                    MaxFrameSize = (int)value;
                    break;
                case Http2Setting.MaxHeaderListSize:
                    MaxHeaderListSize = (int)Math.Min(value, int.MaxValue);
                    break;
                default:
                    break;
            }
        }

        return Http2ErrorCode.NoError;
    }

    private static Http2ErrorCode Validate(in ReadOnlySequence<byte> payload)
    {
        var reader = new SequenceReader<byte>(payload);
        Span<byte> entry = stackalloc byte[6];
        while (reader.TryCopyTo(entry))
        {
            reader.Advance(6);
            var value = BinaryPrimitives.ReadUInt32BigEndian(entry[2..]);
            var error = (Http2Setting)BinaryPrimitives.ReadUInt16BigEndian(entry) switch
            {
                Http2Setting.EnablePush when value > 1 => Http2ErrorCode.ProtocolError,
                Http2Setting.InitialWindowSize when value > MaxWindowSize => Http2ErrorCode.FlowControlError,
                Http2Setting.MaxFrameSize when value is < MinFrameSize or > MaxFrameSizeLimit => Http2ErrorCode.ProtocolError,
                _ => Http2ErrorCode.NoError,
            };
            if (error != Http2ErrorCode.NoError) return error;
        }

        return Http2ErrorCode.NoError;
    }
}
