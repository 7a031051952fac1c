using System.Buffers;

namespace Weft.Mesh.Forwarding.Http2;

/// <summary>The upstream's side: response headers and trailers, resets, lost connections, errors and retries.</summary>
internal sealed partial class Http2Exchange
{
    /// <summary>A response header block was decoded into <see cref="Response"/> (from the upstream's read loop).</summary>
    public void OnResponseHeaders(Http2Stream from, bool endStream)
    {
        var status = ParseStatus(Response.Find(":status"u8));
        if (status < 200)
        {
            // 1xx interim responses (103 Early Hints…) pass through; the final response follows.
            if (endStream || status < 100) Error = ForwarderError.Request;
            lock (Gate)
            {
                if (Completed || !ReferenceEquals(from, Up)) return;
                if (status >= 100 && !endStream)
                {
                    Down.Connection!.WriteFields(Down, Response, default, default, FieldSection.Response, endStream: false);
                    return;
                }
            }

            Owner.OnUpstreamFailed(this, ForwarderError.Request, unprocessed: false);
            return;
        }

        lock (Gate)
        {
            if (Completed || !ReferenceEquals(from, Up)) return;
            ResponseStarted = true;
            Status = status;
            ResponseTimer?.Dispose();
            ResponseTimer = null;
            if (endStream)
            {
                from.ReceivedEnd = true;
                GrpcStatus = GrpcStatusOf(Response);
            }
        }

        Owner.OnResponseStarted(this);
        lock (Gate)
        {
            if (Completed) return;
            Down.Connection!.WriteFields(Down, Response, default, default, FieldSection.Response, endStream);
            CheckDone();
        }
    }

    /// <summary>Response trailers (HEADERS with END_STREAM after the body) were decoded into <see cref="Trailers"/>.</summary>
    public void OnResponseTrailers(Http2Stream from)
    {
        lock (Gate)
        {
            from.ReceivedEnd = true;
            if (Completed || !ReferenceEquals(from, Up)) return;
            GrpcStatus = GrpcStatusOf(Trailers);
            Down.PendingTrailers = Trailers;
            Down.PendingEnd = true;
            Forward(Down, Up, ReadOnlySequence<byte>.Empty);
            CheckDone();
        }
    }

    /// <summary>
    /// <paramref name="stream"/> was reset — by its peer, or by Weft (<paramref name="sent"/>) for a stream error.
    /// The client's reset cancels the upstream stream; the upstream's reset before a response fails over or
    /// answers 502, after it resets the client's stream.
    /// </summary>
    public void OnReset(Http2Stream stream, Http2ErrorCode code, bool sent)
    {
        lock (Gate)
        {
            if (Completed) return;
            if (ReferenceEquals(stream, Down))
            {
                Error = sent ? ForwarderError.RequestBody : ForwarderError.ClientCanceled;
                Finish();
                return;
            }

            if (!ReferenceEquals(stream, Up)) return; // a stream from before a retry
            if (ResponseStarted)
            {
                // A complete response may be followed by RST(NO_ERROR) to stop the request body (§8.1).
                if (code == Http2ErrorCode.NoError && stream.ReceivedEnd) return;
                Error = ForwarderError.ResponseBody;
                Down.Connection!.Reset(Down, code == Http2ErrorCode.Cancel ? Http2ErrorCode.Cancel : Http2ErrorCode.InternalError);
                Finish();
                return;
            }
        }

        Owner.OnUpstreamFailed(this, ForwarderError.Request, unprocessed: code == Http2ErrorCode.RefusedStream);
    }

    /// <summary>The upstream connection closed, or went away without processing this stream.</summary>
    public void OnUpstreamLost(Http2Stream stream, bool unprocessed)
    {
        lock (Gate)
        {
            stream.Reset = true;
            if (Completed || !ReferenceEquals(stream, Up)) return;
            if (ResponseStarted)
            {
                Error = ForwarderError.ResponseBody;
                Down.Connection!.Reset(Down, Http2ErrorCode.InternalError);
                Finish();
                return;
            }
        }

        Owner.OnUpstreamFailed(this, ForwarderError.Request, unprocessed);
    }

    /// <summary>
    /// Prepares a retry: the current upstream stream is given up; true when the request can be sent again (it had
    /// no body, or none of it left the proxy and all of it is still queued).
    /// </summary>
    public bool TryDetach()
    {
        lock (Gate)
        {
            if (Completed || ResponseStarted || RequestDataSent || !Up.PendingEnd || Up.PendingTrailers is not null) return false;
            var old = Up;
            var fresh = new Http2Stream(this) { PendingEnd = true };
            fresh.Pending.Append(old.Pending.Peek(old.Pending.Length));
            old.Connection?.Reset(old, Http2ErrorCode.Cancel);
            old.Pending.Dispose();
            Up = fresh;
            return true;
        }
    }

    /// <summary>Answers the client with <paramref name="status"/> (an error the proxy makes) unless a response began.</summary>
    public void Fail(ForwarderError error, int status)
    {
        lock (Gate)
        {
            if (Completed) return;
            if (ResponseStarted)
            {
                if (error == ForwarderError.ResponseHeadersTimeout) return; // the headers won the race with the timer
                Down.Connection!.Reset(Down, Http2ErrorCode.InternalError);
            }
            else
            {
                Status = status;
                Down.Connection!.WriteStatus(Down, status);
            }

            Error = error;
            Finish();
        }
    }

    private static int ParseStatus(ReadOnlySpan<byte> value) =>
        value.Length == 3 && int.TryParse(value, out var status) ? status : 0;
}
