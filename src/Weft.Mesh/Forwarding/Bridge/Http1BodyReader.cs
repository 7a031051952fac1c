using System.Buffers;
using System.IO.Pipelines;
using Weft.Mesh.Forwarding.Http1;
using Weft.Mesh.Forwarding.Http2;

namespace Weft.Mesh.Forwarding.Bridge;

/// <summary>
/// Reads one HTTP/1.1 message body (Content-Length, chunked or close-delimited) from a connection and hands its
/// bytes, framing removed, to an exchange as DATA of <paramref name="stream"/>, pausing while the other side has not
/// credited <see cref="BodyCredit.Window"/> bytes. Consumes nothing past the body's end.
/// </summary>
internal static class Http1BodyReader
{
    /// <param name="batchOpen">
    /// The caller began a <see cref="WriteBatch"/> (around the response head): body bytes already received join it,
    /// so head and body leave in one write; it is ended here before anything is awaited.
    /// </param>
    public static async Task<BodyCopy> ReadAsync(PipeReader source, BodyFraming framing, long length, Http2Exchange exchange, Http2Stream stream, BodyCredit credit, bool batchOpen = false)
    {
        var remaining = framing == BodyFraming.ContentLength ? length : long.MaxValue;
        var chunked = default(ChunkedScanner);
        ArrayBufferWriter<byte>? decoded = framing == BodyFraming.Chunked ? new ArrayBufferWriter<byte>(8192) : null;
        while (true)
        {
            var room = credit.WaitForRoomAsync();
            ReadResult result;
            try
            {
                // A batch is thread-bound: it must end before an await can move this method to another thread.
                if (!room.IsCompleted || !source.TryRead(out result))
                {
                    if (batchOpen) WriteBatch.End();
                    batchOpen = false;
                    if (!await room.ConfigureAwait(false)) return BodyCopy.DestinationFailed;
                    result = await source.ReadAsync().ConfigureAwait(false);
                }
                else if (!room.Result)
                {
                    source.AdvanceTo(result.Buffer.Start);
                    if (batchOpen) WriteBatch.End();
                    return BodyCopy.DestinationFailed;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException or Microsoft.AspNetCore.Connections.ConnectionResetException)
            {
                if (batchOpen) WriteBatch.End();
                return BodyCopy.SourceFailed;
            }

            var batch = batchOpen || WriteBatch.Begin();
            batchOpen = false;
            try
            {
                var step = Step(source, result, framing, ref remaining, ref chunked, decoded, exchange, stream, credit);
                if (step != Progress.More) return step == Progress.Done ? BodyCopy.Completed : BodyCopy.SourceFailed;
            }
            finally
            {
                if (batch) WriteBatch.End();
            }
        }
    }

    private enum Progress : byte
    {
        More,
        Done,
        Failed,
    }

    /// <summary>Hands on what one read returned; consumes it from <paramref name="source"/>.</summary>
    private static Progress Step(PipeReader source, in ReadResult result, BodyFraming framing, ref long remaining, ref ChunkedScanner chunked, ArrayBufferWriter<byte>? decoded, Http2Exchange exchange, Http2Stream stream, BodyCredit credit)
    {
        if (result.IsCanceled) return Progress.Failed;
        var buffer = result.Buffer;
        ReadOnlySequence<byte> data;
        SequencePosition consumed;
        bool done;
        switch (framing)
        {
            case BodyFraming.ContentLength:
                data = buffer.Slice(0, Math.Min(remaining, buffer.Length));
                remaining -= data.Length;
                done = remaining == 0;
                consumed = data.End;
                break;
            case BodyFraming.Chunked:
                decoded!.Clear();
                long used = 0;
                foreach (var segment in buffer)
                {
                    var n = chunked.Decode(segment.Span, decoded);
                    if (n < 0)
                    {
                        source.AdvanceTo(buffer.Start);
                        return Progress.Failed;
                    }

                    used += n;
                    if (chunked.IsDone) break;
                }

                done = chunked.IsDone;
                data = new ReadOnlySequence<byte>(decoded.WrittenMemory);
                consumed = buffer.GetPosition(used);
                break;
            default: // close-delimited: the body ends with the connection
                data = buffer;
                done = result.IsCompleted;
                consumed = buffer.End;
                break;
        }

        if (!data.IsEmpty || done)
        {
            credit.Sent((int)data.Length);
            if (done) stream.ReceivedEnd = true;
            exchange.OnData(stream, data, done);
        }

        // At the end, what follows (a pipelined next message) stays unexamined for the next read.
        source.AdvanceTo(consumed, done ? consumed : buffer.End);
        if (done) return Progress.Done;
        return result.IsCompleted ? Progress.Failed : Progress.More; // ended before its framing said so
    }
}
