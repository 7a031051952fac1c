using System.IO.Pipelines;
using System.Net;

namespace Weft.Mesh.Forwarding;

/// <summary>Streams the incoming request body to the upstream as it arrives (flushing each chunk, for gRPC streams).</summary>
internal sealed class StreamingRequestContent(PipeReader body, CancellationToken aborted) : HttpContent
{
    /// <summary>Set when reading from the client failed, so the error is attributed to the client side.</summary>
    public bool ClientFailed { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, aborted);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await body.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                ClientFailed = true;
                throw;
            }

            var buffer = result.Buffer;
            foreach (var segment in buffer)
            {
                await stream.WriteAsync(segment, linked.Token).ConfigureAwait(false);
            }

            body.AdvanceTo(buffer.End);
            if (result.IsCompleted || result.IsCanceled) break;
            await stream.FlushAsync(linked.Token).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
