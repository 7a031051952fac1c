using System.Buffers;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>Frames both roles handle alike: DATA, RST_STREAM, SETTINGS, PING, WINDOW_UPDATE.</summary>
internal abstract partial class Http2Connection
{
    public Http2ErrorCode OnData(int streamId, in ReadOnlySequence<byte> data, int flowLength, bool endStream)
    {
        Http2Stream? stream;
        var padding = flowLength - (int)data.Length;
        lock (Gate)
        {
            _receiveWindow -= flowLength;
            if (_receiveWindow < 0) return Http2ErrorCode.FlowControlError;
            if (!_streams.TryGetValue(streamId, out stream) || stream.ReceivedEnd)
            {
                // A stream we closed or reset: its frames are dropped, their bytes credited at once (§6.9).
                if (streamId > LastKnownStreamId(streamId)) return Http2ErrorCode.ProtocolError;
                CreditLocked(null, flowLength);
                stream = null;
            }
            else
            {
                stream.ReceiveWindow -= flowLength;
                if (stream.ReceiveWindow < 0)
                {
                    ResetLocked(stream, Http2ErrorCode.FlowControlError);
                }
                else if (padding > 0)
                {
                    CreditLocked(stream, padding); // padding is never passed on
                }
            }
        }

        if (stream is null)
        {
            Touch();
            return Http2ErrorCode.NoError;
        }

        if (stream.Reset)
        {
            Touch();
            stream.Exchange.OnReset(stream, Http2ErrorCode.FlowControlError, sent: true);
            return Http2ErrorCode.NoError;
        }

        if (endStream) stream.ReceivedEnd = true;
        stream.Exchange.OnData(stream, data, endStream);
        return Http2ErrorCode.NoError;
    }

    /// <summary>The highest id the peer could have used on this connection for <paramref name="streamId"/>'s parity.</summary>
    protected abstract int LastKnownStreamId(int streamId);

    public void OnRstStream(int streamId, Http2ErrorCode code)
    {
        Http2Stream? stream;
        lock (Gate)
        {
            if (!_streams.Remove(streamId, out stream)) return;
            stream.Reset = true;
        }

        stream.Exchange.OnReset(stream, code, sent: false);
    }

    public virtual Http2ErrorCode OnSettings(in ReadOnlySequence<byte> payload)
    {
        List<Http2Stream>? resume = null;
        lock (Gate)
        {
            var error = PeerSettings.Apply(payload, out var delta);
            if (error != Http2ErrorCode.NoError) return error;
            HpackEncoder.SetPeerTableSize(Math.Min(PeerSettings.HeaderTableSize, 4096));
            Http2FrameWriter.SettingsAck(_pending);
            if (delta != 0)
            {
                foreach (var stream in _streams.Values)
                {
                    var window = (long)stream.SendWindow + delta;
                    if (window > Http2PeerSettings.MaxWindowSize) return Http2ErrorCode.FlowControlError;
                    stream.SendWindow = (int)window;
                    if (delta > 0 && stream.Pending.Length > 0) (resume ??= []).Add(stream);
                }
            }
        }

        Touch();
        if (resume is not null)
        {
            foreach (var stream in resume) stream.Exchange.Resume(stream);
        }

        return Http2ErrorCode.NoError;
    }

    public void OnSettingsAck()
    {
    }

    public void OnPing(ulong opaque, bool ack)
    {
        if (ack) return;
        lock (Gate)
        {
            if (IsClosed) return;
            Http2FrameWriter.Ping(_pending, opaque, ack: true);
        }

        Touch();
    }

    public Http2ErrorCode OnWindowUpdate(int streamId, int increment)
    {
        Http2Stream[]? resume = null;
        Http2Stream? stream = null;
        lock (Gate)
        {
            if (streamId == 0)
            {
                if ((long)_sendWindow + increment > Http2PeerSettings.MaxWindowSize) return Http2ErrorCode.FlowControlError;
                _sendWindow += increment;
                if (_blocked.Count > 0)
                {
                    resume = [.. _blocked];
                    _blocked.Clear();
                    foreach (var s in resume) s.Blocked = false;
                }
            }
            else if (_streams.TryGetValue(streamId, out stream))
            {
                if ((long)stream.SendWindow + increment > Http2PeerSettings.MaxWindowSize)
                {
                    ResetLocked(stream, Http2ErrorCode.FlowControlError);
                }
                else
                {
                    stream.SendWindow += increment;
                }
            }
        }

        if (stream is not null)
        {
            if (stream.Reset)
            {
                Touch();
                stream.Exchange.OnReset(stream, Http2ErrorCode.FlowControlError, sent: true);
            }
            else if (stream.Pending.Length > 0 || stream.PendingEnd)
            {
                stream.Exchange.Resume(stream);
            }
        }

        if (resume is not null)
        {
            foreach (var s in resume) s.Exchange.Resume(s);
        }

        return Http2ErrorCode.NoError;
    }

    public void OnStreamError(int streamId, Http2ErrorCode code)
    {
        Http2Stream? stream;
        lock (Gate)
        {
            if (IsClosed) return;
            if (!_streams.TryGetValue(streamId, out stream))
            {
                Http2FrameWriter.RstStream(_pending, streamId, code);
            }
            else
            {
                ResetLocked(stream, code);
            }
        }

        Touch();
        stream?.Exchange.OnReset(stream, code, sent: true);
    }
}
