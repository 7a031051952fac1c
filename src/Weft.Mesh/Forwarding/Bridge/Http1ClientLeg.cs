using System.Buffers;
using Weft.Mesh.Forwarding.Http1;
using Weft.Mesh.Forwarding.Http2;

namespace Weft.Mesh.Forwarding.Bridge;

/// <summary>
/// The client's side of an exchange whose client speaks HTTP/1.1: the response goes out as an HTTP/1.1 message
/// (Content-Length when the upstream said how long, chunked otherwise; 1xx interim responses as they come), the
/// request body comes in through <see cref="Http1BodyReader"/>. A reset before the response ended cuts the
/// connection (HTTP/1.1 has no other way to say the message is incomplete).
/// </summary>
internal sealed class Http1ClientLeg(Http2Exchange exchange, System.IO.Pipelines.PipeWriter output, bool headRequest, bool clientClose) : IExchangeLeg
{
    public Http1Outbox Outbox { get; } = new(exchange) { Destination = output };

    /// <summary>Credit for the request body handed to the exchange.</summary>
    public BodyCredit RequestCredit { get; } = new();

    /// <summary>The connection must close after this response (the request was cut short, or the response was).</summary>
    public bool CloseAfterResponse { get; private set; }

    public int Send(Http2Stream stream, in ReadOnlySequence<byte> incoming) => Outbox.Send(stream, incoming);

    public void Credit(Http2Stream stream, int count) => RequestCredit.Credit(count);

    public void Reset(Http2Stream stream, Http2ErrorCode code)
    {
        if (stream.Reset || (stream.SentEnd && stream.ReceivedEnd)) return;
        stream.Reset = true;
        CloseAfterResponse = true;
        RequestCredit.Cancel();
        // A complete response stays (the rest of the request body is not read); an incomplete one ends the connection.
        if (!stream.SentEnd) Outbox.Abandon();
    }

    public void WriteFields(Http2Stream stream, Http2HeaderList fields, ReadOnlySpan<byte> scheme, ReadOnlySpan<byte> clientId, FieldSection section, bool endStream)
    {
        if (stream.Closed || section != FieldSection.Response) return;
        Outbox.Chunked = Http1Fields.WriteResponse(Outbox.Writer, fields, endStream, headRequest, clientClose);
        Outbox.Signal();
        if (endStream) End(stream);
    }

    public void WriteStatus(Http2Stream stream, int status)
    {
        if (stream.Closed) return;
        // Without the whole request read, the connection is not at a message boundary: close after the answer.
        var close = clientClose || !stream.ReceivedEnd;
        Http1Writer.WriteStatus(Outbox.Writer, status, close);
        Outbox.Signal();
        if (close) CloseAfterResponse = true;
        End(stream);
    }

    private void End(Http2Stream stream)
    {
        stream.SentEnd = true;
        Outbox.Complete();
    }
}
