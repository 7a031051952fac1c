using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using Weft.Mesh.Balancing;
using Weft.Mesh.Forwarding;
using Weft.Mesh.Metrics;

namespace Weft.Mesh.Hosting;

/// <summary>
/// Opaque TCP (and TLS from the application) forwarding: balanced per connection, bytes untouched; wrapped in mTLS
/// when the upstream is a peer proxy (an mTLS upstream, or a meshed pod behind a sidecar's outbound listener).
/// </summary>
internal sealed partial class ProxyListener
{
    public async Task ForwardOpaqueAsync(IDuplexPipe client, ConnectionState? connection, CancellationToken cancellationToken)
    {
        var balancer = BalancerFor(connection);
        Stream? upstream = null;
        BalancedEndpoint? failed = null;
        for (var attempt = 0; attempt < MaxAttempts && upstream is null; attempt++)
        {
            var endpoint = balancer.Pick(failed);
            if (endpoint is null) break;
            upstream = await ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            failed = endpoint;
        }

        if (upstream is null) return;
        var counters = _metrics.OpaqueOpened(OpaqueLabelsFor(connection, upstream));
        await using (upstream.ConfigureAwait(false))
        {
            await PumpAsync(client, upstream, counters, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Inbound: the client's proven identity (mTLS from a peer proxy) to this workload. Outbound: this workload to the
    /// identity the upstream's certificate proved (already checked against the control plane's), "" to a plain upstream.
    /// </summary>
    private OpaqueLabels OpaqueLabelsFor(ConnectionState? connection, Stream upstream)
    {
        if (Direction == TrafficDirection.Inbound)
        {
            var peer = connection?.PeerIdentity ?? "";
            return new OpaqueLabels(Direction, peer, LocalIdentity, peer.Length > 0);
        }

        return upstream is SslStream tls
            ? new OpaqueLabels(Direction, LocalIdentity, Identity.SubjectAltNames.SpiffeUri(tls.RemoteCertificate), true)
            : new OpaqueLabels(Direction, LocalIdentity, "", false);
    }

    private async Task<Stream?> ConnectAsync(BalancedEndpoint endpoint, CancellationToken cancellationToken)
    {
        var started = endpoint.Load.Start();
        Stream? stream = null;
        try
        {
            using (var timeout = new CancellationTokenSource(_limits.ConnectTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken))
                stream = await UpstreamSocket.ConnectStreamAsync(endpoint.Address, _runtime.SocketMark, linked.Token).ConfigureAwait(false);
            // A meshed destination gets the stream inside mTLS (ALPN weft.opaque/1) to its proxy, which verifies this
            // proxy's identity and hands the bytes to the application at the same original port.
            var clients = ClientsFor(endpoint);
            if (clients.UsesTls)
            {
                // The handshake has its own, longer bound: a busy node is not a dead endpoint (as in UpstreamClients).
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                using var handshake = new CancellationTokenSource(_limits.TlsHandshakeTimeout, _time);
                using var linkedHandshake = CancellationTokenSource.CreateLinkedTokenSource(handshake.Token, cancellationToken);
                await tls.AuthenticateAsClientAsync(clients.TlsOptions(UpstreamClients.OpaqueAlpn), linkedHandshake.Token).ConfigureAwait(false);
                stream = tls;
            }

            endpoint.Load.Complete(started);
            return stream;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException)
        {
            endpoint.Load.Fail(FailurePenalty);
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// Copies both ways. Client EOF half-closes towards the upstream; upstream EOF ends the connection (the
    /// client's read side is released so the connection can close). Bytes are counted as they pass; the close is
    /// counted before the client sees the end, so a client that saw EOF sees its stream counted.
    /// </summary>
    private static async Task PumpAsync(IDuplexPipe client, Stream upstream, OpaqueStreamCounters counters, CancellationToken cancellationToken)
    {
        var toUpstream = CopyToUpstreamAsync(client.Input, upstream, counters, cancellationToken);
        try
        {
            await CopyToClientAsync(upstream, client.Output, counters, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
        }

        counters.Close();
        await client.Output.CompleteAsync().ConfigureAwait(false);
        client.Input.CancelPendingRead();
        await toUpstream.ConfigureAwait(false);
    }

    private static async Task CopyToClientAsync(Stream upstream, PipeWriter output, OpaqueStreamCounters counters, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await upstream.ReadAsync(output.GetMemory(), cancellationToken).ConfigureAwait(false);
            if (read == 0) return;
            output.Advance(read);
            counters.Wrote(read);
            var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCompleted || flush.IsCanceled) return;
        }
    }

    private static async Task CopyToUpstreamAsync(PipeReader input, Stream upstream, OpaqueStreamCounters counters, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                counters.Read(result.Buffer.Length);
                foreach (var segment in result.Buffer)
                {
                    await upstream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                }

                input.AdvanceTo(result.Buffer.End);
                if (result.IsCanceled) return;
                if (result.IsCompleted) break;
                await upstream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            await upstream.FlushAsync(cancellationToken).ConfigureAwait(false);
            switch (upstream)
            {
                case SslStream tls: await tls.ShutdownAsync().ConfigureAwait(false); break;
                case NetworkStream plain: plain.Socket.Shutdown(SocketShutdown.Send); break;
                case IO.LoopStream plain: plain.ShutdownSend(); break;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
