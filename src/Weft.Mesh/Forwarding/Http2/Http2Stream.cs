namespace Weft.Mesh.Forwarding.Http2;

/// <summary>
/// One side of a forwarded exchange on one connection: the client's stream on the downstream connection, or Weft's
/// stream on the upstream connection. Send-side fields are guarded by the connection's lock, the rest by the
/// exchange's.
/// </summary>
internal sealed class Http2Stream(Http2Exchange exchange)
{
    public Http2Exchange Exchange { get; } = exchange;

    /// <summary>Null until the stream is opened on a connection (an upstream stream while connecting).</summary>
    public IExchangeLeg? Connection { get; set; }

    public int Id { get; set; }

    /// <summary>What the peer lets us send on this stream (§6.9).</summary>
    public int SendWindow { get; set; }

    /// <summary>What the peer may still send us on this stream before we give credit.</summary>
    public int ReceiveWindow { get; set; }

    /// <summary>Bytes received and handed on whose credit has not been returned in a WINDOW_UPDATE yet.</summary>
    public int Credit { get; set; }

    /// <summary>Bytes to send on this stream that the windows did not let through yet.</summary>
    public Http2DataQueue Pending { get; } = new();

    /// <summary>END_STREAM is to be sent once <see cref="Pending"/> (and trailers) are out.</summary>
    public bool PendingEnd { get; set; }

    /// <summary>Trailers to send, with END_STREAM, after <see cref="Pending"/>.</summary>
    public Http2HeaderList? PendingTrailers { get; set; }

    public bool SentEnd { get; set; }

    public bool ReceivedEnd { get; set; }

    /// <summary>RST_STREAM was sent or received: nothing more is sent on it.</summary>
    public bool Reset { get; set; }

    /// <summary>Waiting in the connection's list for connection-level window.</summary>
    public bool Blocked { get; set; }

    /// <summary>The stream can take no more frames from us.</summary>
    public bool Closed => SentEnd || Reset;
}
