using System.Buffers;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>Sending: DATA within the peer's windows, header blocks, resets, and credit back to senders.</summary>
internal abstract partial class Http2Connection
{
    /// <summary>
    /// Sends what flow control allows of <paramref name="stream"/>'s queue and then of <paramref name="incoming"/>
    /// (queued behind it, never ahead), then END_STREAM or trailers once everything is out. What does not fit
    /// waits in the stream's queue. Returns the body bytes sent (the caller credits them back to their sender).
    /// Called under the exchange's lock.
    /// </summary>
    public int Send(Http2Stream stream, in ReadOnlySequence<byte> incoming)
    {
        var sent = 0;
        var rest = incoming;
        lock (Gate)
        {
            if (IsClosed || stream.Closed)
            {
                // Nothing more goes out on this stream: the bytes are dropped, and credited to their sender like
                // sent ones, or its connection window would shrink with every reset stream.
                var dropped = stream.Pending.Length + (int)incoming.Length;
                stream.Pending.Consume(stream.Pending.Length);
                return dropped;
            }

            var maxFrame = PeerSettings.MaxFrameSize;
            while (stream.Pending.Length > 0)
            {
                var n = Math.Min(Math.Min(stream.Pending.Length, maxFrame), Math.Min(stream.SendWindow, _sendWindow));
                if (n <= 0) break;
                var last = n == stream.Pending.Length && rest.IsEmpty && stream.PendingEnd && stream.PendingTrailers is null;
                Http2FrameWriter.Data(_pending, stream.Id, stream.Pending.Peek(n), last);
                stream.Pending.Consume(n);
                Sent(stream, n, last);
                sent += n;
            }

            while (stream.Pending.Length == 0 && !rest.IsEmpty)
            {
                var n = (int)Math.Min(Math.Min(rest.Length, maxFrame), Math.Min(stream.SendWindow, _sendWindow));
                if (n <= 0) break;
                var last = n == rest.Length && stream.PendingEnd && stream.PendingTrailers is null;
                Http2FrameWriter.Data(_pending, stream.Id, rest.Slice(0, n), last);
                rest = rest.Slice(n);
                Sent(stream, n, last);
                sent += n;
            }

            stream.Pending.Append(rest);
            if (stream.Pending.Length == 0 && stream.PendingEnd && !stream.SentEnd)
            {
                if (stream.PendingTrailers is { } trailers) WriteFieldsLocked(stream, trailers, default, default, FieldSection.Trailers, endStream: true);
                else Http2FrameWriter.Data(_pending, stream.Id, ReadOnlySequence<byte>.Empty, endStream: true);
                stream.SentEnd = true;
            }

            if (stream.Pending.Length > 0 && _sendWindow <= 0 && !stream.Blocked)
            {
                stream.Blocked = true;
                _blocked.Add(stream);
            }
        }

        Touch();
        return sent;
    }

    private void Sent(Http2Stream stream, int n, bool last)
    {
        stream.SendWindow -= n;
        _sendWindow -= n;
        if (last) stream.SentEnd = true;
    }

    /// <summary>Returns <paramref name="count"/> bytes of credit for data received on <paramref name="stream"/> and passed on.</summary>
    public void Credit(Http2Stream stream, int count)
    {
        if (count <= 0) return;
        lock (Gate)
        {
            if (IsClosed) return;
            CreditLocked(stream, count);
        }

        Touch();
    }

    /// <summary>
    /// Credit is batched: a WINDOW_UPDATE goes out once a quarter of the advertised window is owed, so small
    /// exchanges cost no window frames at all and bulk transfers one per 64 KiB (stream) / 512 KiB (connection).
    /// </summary>
    private void CreditLocked(Http2Stream? stream, int count)
    {
        _connectionCredit += count;
        if (_connectionCredit >= ConnectionWindow / 4)
        {
            Http2FrameWriter.WindowUpdate(_pending, 0, _connectionCredit);
            _receiveWindow += _connectionCredit;
            _connectionCredit = 0;
        }

        if (stream is null || stream.ReceivedEnd || stream.Reset) return;
        stream.Credit += count;
        if (stream.Credit >= StreamWindow / 4)
        {
            Http2FrameWriter.WindowUpdate(_pending, stream.Id, stream.Credit);
            stream.ReceiveWindow += stream.Credit;
            stream.Credit = 0;
        }
    }

    /// <summary>Sends RST_STREAM for <paramref name="stream"/> unless it is closed already; removes it from the table.</summary>
    public void Reset(Http2Stream stream, Http2ErrorCode code)
    {
        lock (Gate)
        {
            if (stream.Reset || (stream.SentEnd && stream.ReceivedEnd))
            {
                _streams.Remove(stream.Id);
                return;
            }

            ResetLocked(stream, code);
        }

        Touch();
    }

    private void ResetLocked(Http2Stream stream, Http2ErrorCode code)
    {
        stream.Reset = true;
        _streams.Remove(stream.Id);
        if (!IsClosed) Http2FrameWriter.RstStream(_pending, stream.Id, code);
    }

    /// <summary>Removes a finished stream from the table (both ends closed, or given up).</summary>
    public void Remove(Http2Stream stream)
    {
        lock (Gate) _streams.Remove(stream.Id);
    }

    protected void AddLocked(Http2Stream stream) => _streams.Add(stream.Id, stream);

    protected bool TryGetLocked(int id, out Http2Stream stream) => _streams.TryGetValue(id, out stream!);

    /// <summary>Encodes a header section for the next hop, dropping connection-specific fields.</summary>
    public void WriteFields(Http2Stream stream, Http2HeaderList fields, ReadOnlySpan<byte> scheme, ReadOnlySpan<byte> clientId, FieldSection section, bool endStream)
    {
        lock (Gate)
        {
            if (IsClosed || stream.Closed) return;
            WriteFieldsLocked(stream, fields, scheme, clientId, section, endStream);
            if (endStream) stream.SentEnd = true;
        }

        Touch();
    }

    /// <summary>A response the proxy makes itself (502, 503, 504…): :status only, END_STREAM.</summary>
    public void WriteStatus(Http2Stream stream, int status)
    {
        lock (Gate)
        {
            if (IsClosed || stream.Closed) return;
            _block.Clear();
            HpackEncoder.BeginBlock(_block);
            Span<byte> digits = stackalloc byte[3];
            status.TryFormat(digits, out _);
            HpackEncoder.Encode(":status"u8, digits, _block);
            HpackEncoder.Encode("content-length"u8, "0"u8, _block);
            Http2FrameWriter.Headers(_pending, stream.Id, _block.WrittenSpan, endStream: true, PeerSettings.MaxFrameSize);
            stream.SentEnd = true;
        }

        Touch();
    }

    /// <remarks>A non-empty <paramref name="traceParent"/> replaces the request's own (this proxy's span continues the trace).</remarks>
    /// <param name="http1Origin">Marks a request whose application speaks HTTP/1.1 for the peer proxy (<see cref="Http2HeaderRules.OriginProtocol"/>).</param>
    protected void WriteFieldsLocked(Http2Stream stream, Http2HeaderList fields, ReadOnlySpan<byte> scheme, ReadOnlySpan<byte> clientId, FieldSection section, bool endStream, ReadOnlySpan<byte> traceParent = default, bool http1Origin = false)
    {
        _block.Clear();
        HpackEncoder.BeginBlock(_block);
        if (section == FieldSection.Request) EncodeRequestPseudo(fields, scheme);
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields.Name(i);
            if (name.IsEmpty) continue;
            if (name[0] == (byte)':')
            {
                if (section == FieldSection.Response) HpackEncoder.Encode(name, fields.Value(i), _block);
                continue; // request pseudo-fields were written in their order; trailers carry none
            }

            var value = fields.Value(i);
            if (Http2HeaderRules.IsDropped(name, value)) continue;
            if (!traceParent.IsEmpty && name.SequenceEqual("traceparent"u8)) continue;
            HpackEncoder.Encode(name, value, _block);
        }

        if (!traceParent.IsEmpty) HpackEncoder.Encode("traceparent"u8, traceParent, _block);

        if (!clientId.IsEmpty) HpackEncoder.Encode("x-weft-client-id"u8, clientId, _block);
        if (http1Origin) HpackEncoder.Encode(Http2HeaderRules.OriginProtocol, "http/1.1"u8, _block);
        Http2FrameWriter.Headers(_pending, stream.Id, _block.WrittenSpan, endStream, PeerSettings.MaxFrameSize);
    }

    /// <summary>:method, :scheme (the upstream's), :authority (the client's, or its Host), :path — before regular fields (§8.3).</summary>
    private void EncodeRequestPseudo(Http2HeaderList fields, ReadOnlySpan<byte> scheme)
    {
        var authority = fields.Find(":authority"u8);
        if (authority.IsEmpty) authority = fields.Find("host"u8);
        HpackEncoder.Encode(":method"u8, fields.Find(":method"u8), _block);
        HpackEncoder.Encode(":scheme"u8, scheme, _block);
        if (!authority.IsEmpty) HpackEncoder.Encode(":authority"u8, authority, _block);
        var path = fields.Find(":path"u8);
        if (!path.IsEmpty) HpackEncoder.Encode(":path"u8, path, _block);
    }
}
