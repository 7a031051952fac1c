using System.Buffers;
using System.IO.Pipelines;

namespace Weft.Mesh.Forwarding.Http1;

/// <summary>
/// Copies exactly one message body between pipes, bytes unchanged (chunked framing included), consuming nothing
/// past its end so a pipelined next message stays in the source. Every read is flushed at once (streams must not
/// wait), except the one that ends the body: the caller flushes it with whatever follows.
/// </summary>
internal static class Http1Body
{
    /// <summary>Copies a request body to the upstream and flushes its end (nothing else follows it there).</summary>
    public static async Task<BodyCopy> CopyAndFlushAsync(PipeReader source, PipeWriter destination, BodyFraming framing, long length)
    {
        var copied = await CopyAsync(source, destination, framing, length, CancellationToken.None).ConfigureAwait(false);
        if (copied != BodyCopy.Completed) return copied;
        try
        {
            var flush = await destination.FlushAsync().ConfigureAwait(false);
            return flush.IsCompleted || flush.IsCanceled ? BodyCopy.DestinationFailed : BodyCopy.Completed;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return BodyCopy.DestinationFailed;
        }
    }

    public static async ValueTask<BodyCopy> CopyAsync(PipeReader source, PipeWriter destination, BodyFraming framing, long length, CancellationToken cancellationToken)
    {
        if (framing == BodyFraming.None || (framing == BodyFraming.ContentLength && length == 0)) return BodyCopy.Completed;
        var remaining = framing == BodyFraming.ContentLength ? length : long.MaxValue;
        var chunked = default(ChunkedScanner);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                return BodyCopy.SourceFailed;
            }

            if (result.IsCanceled) return BodyCopy.SourceFailed;
            var buffer = result.Buffer;
            var done = false;
            long take;
            switch (framing)
            {
                case BodyFraming.ContentLength:
                    take = Math.Min(remaining, buffer.Length);
                    remaining -= take;
                    done = remaining == 0;
                    break;
                case BodyFraming.Chunked:
                    take = 0;
                    foreach (var segment in buffer)
                    {
                        var n = chunked.Scan(segment.Span);
                        if (n < 0)
                        {
                            source.AdvanceTo(buffer.Start);
                            return BodyCopy.SourceFailed;
                        }

                        take += n;
                        if (chunked.IsDone)
                        {
                            done = true;
                            break;
                        }
                    }

                    break;
                default: // close-delimited
                    take = buffer.Length;
                    done = result.IsCompleted;
                    break;
            }

            var body = buffer.Slice(0, take);
            foreach (var segment in body) destination.Write(segment.Span);
            source.AdvanceTo(body.End);
            if (done) return BodyCopy.Completed;
            if (result.IsCompleted) return BodyCopy.SourceFailed; // ended before the framing said so

            try
            {
                var flush = await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled) return BodyCopy.DestinationFailed;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                return BodyCopy.DestinationFailed;
            }
        }
    }
}
