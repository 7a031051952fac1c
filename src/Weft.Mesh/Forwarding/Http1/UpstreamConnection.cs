using System.IO.Pipelines;

namespace Weft.Mesh.Forwarding.Http1;

/// <summary>One keep-alive HTTP/1.1 connection to an upstream (plain, or mTLS to a peer proxy), with pipes over it.</summary>
internal sealed class UpstreamConnection(Stream stream, Http1Pool owner, System.Net.IPEndPoint endpoint)
{
    public PipeReader Input { get; } = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 8192, minimumReadSize: 2048, leaveOpen: true));

    public PipeWriter Output { get; } = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 4096, leaveOpen: true));

    public Http1Pool Owner { get; } = owner;

    public System.Net.IPEndPoint Endpoint { get; } = endpoint;

    /// <summary>It came from the pool (it may have been closed by the upstream while idle).</summary>
    public bool Reused { get; set; }

    public long IdleSince { get; set; }

    /// <summary>The response head of the exchange using the connection (one at a time), reused across its requests.</summary>
    public Http1Head ResponseHead => field ??= new Http1Head();

    public void Close()
    {
        // The stream first: completing the writer would otherwise try to flush into a broken connection.
        stream.Dispose();
        Input.Complete();
        try
        {
            Output.Complete();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }
}
