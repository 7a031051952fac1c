using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Weft.Mesh.Balancing;
using Weft.Mesh.Config;
using Weft.Mesh.Forwarding;
using Weft.Mesh.Metrics;

namespace Weft.Mesh.Hosting;

/// <summary>Per-request HTTP forwarding: balance, fail over, forward, record golden metrics.</summary>
internal sealed partial class ProxyListener
{
    private const int MaxAttempts = 3;

    public async Task HandleHttpAsync(HttpContext context, ConnectionState? connection)
    {
        var start = _time.GetTimestamp();
        var inbound = Config.Direction == TrafficDirection.Inbound;
        var peer = connection?.PeerIdentity ?? "";
        var labels = new RequestLabels(
            Config.Direction,
            context.Request.Host.Value ?? "",
            inbound ? peer : LocalIdentity,
            inbound ? LocalIdentity : DestinationIdentity(connection));
        _metrics.RequestStarted(labels);
        var span = Tracing.ProxyTracing.Start(context, Config.Direction);
        BalancedEndpoint? used = null;

        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? false;
        var canRetry = !hasBody && HttpForwarder.IsIdempotent(context.Request.Method);
        var error = ForwarderError.NoEndpoints;
        var status = 0;
        var grpcStatus = "";
        double latencyMs = 0;
        BalancedEndpoint? failed = null;
        var balancer = BalancerFor(connection);

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var endpoint = balancer.Pick(failed);
            if (endpoint is null) break;
            var clients = ClientsFor(endpoint);
            var (version, policy, extra) = ChooseVersion(context, peer, clients.UsesTls);
            var scheme = clients.UsesTls ? "https" : "http";
            using var request = HttpForwarder.CreateRequest(context, scheme, endpoint.Authority, version, policy, hasBody, extra);
            if (span is not null) Tracing.ProxyTracing.Inject(span, request);
            used = endpoint;
            using var timeout = _limits.ResponseHeadersTimeout is { } t ? new CancellationTokenSource(t, _time) : null;
            using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, context.RequestAborted);
            var token = linked?.Token ?? context.RequestAborted;
            var sent = endpoint.Load.Start();
            HttpResponseMessage response;
            try
            {
                response = await clients.Current.SendAsync(request, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                endpoint.Load.Fail(FailurePenalty);
                var bodyFailed = request.Content is StreamingRequestContent { ClientFailed: true };
                error = HttpForwarder.Classify(e, timeout?.IsCancellationRequested == true, context.RequestAborted.IsCancellationRequested, bodyFailed);
                if (error == ForwarderError.Connect && canRetry)
                {
                    failed = endpoint;
                    continue;
                }

                break;
            }

            endpoint.Load.Complete(sent);
            latencyMs = _time.GetElapsedTime(start).TotalMilliseconds;
            using (response)
            {
                status = (int)response.StatusCode;
                error = await HttpForwarder.CopyResponseAsync(context, response, context.RequestAborted).ConfigureAwait(false);
                grpcStatus = GrpcStatus(response);
            }

            break;
        }

        if (error != ForwarderError.None)
        {
            if (status == 0) latencyMs = _time.GetElapsedTime(start).TotalMilliseconds;
            if (!context.Response.HasStarted && error != ForwarderError.ClientCanceled)
            {
                context.Response.Clear();
                status = ForwarderErrorText.StatusCode(error);
                context.Response.StatusCode = status;
            }
            else
            {
                context.Abort();
            }
        }

        _metrics.ResponseCompleted(new ResponseLabels(labels, status, grpcStatus, ForwarderErrorText.Label(error)), latencyMs);
        if (span is not null)
        {
            Tracing.ProxyTracing.Stop(span, status, ForwarderErrorText.Label(error), labels.SourceId, SpanPeerIdentity(labels, used), used?.Authority);
        }
    }

    private (Version Version, HttpVersionPolicy Policy, KeyValuePair<string, string>[]? Extra) ChooseVersion(HttpContext context, string peer, bool mtls)
    {
        // A peer proxy that carried an HTTP/1.1 application's request over HTTP/2 marks it: HTTP/1.1 again here.
        var incomingHttp2 = HttpProtocol.IsHttp2(context.Request.Protocol)
            && !string.Equals(context.Request.Headers["x-weft-orig-proto"], "http/1.1", StringComparison.Ordinal);
        KeyValuePair<string, string>[]? extra = null;
        if (Config.ForwardClientIdentity && peer.Length > 0) extra = [new(HopByHopHeaders.ClientId, peer)];

        // Between proxies (mTLS, ALPN from the version) the application's protocol is kept: HTTP/1.x as HTTP/1.1,
        // HTTP/2 as HTTP/2, so the peer proxy forwards what the client sent without a marker header.
        var http2 = mtls ? incomingHttp2 : Config.Upstream.Protocol switch
        {
            UpstreamProtocol.Http1 => false,
            UpstreamProtocol.Http2 => true,
            _ => incomingHttp2,
        };
        return http2
            ? (System.Net.HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact, extra)
            : (System.Net.HttpVersion.Version11, HttpVersionPolicy.RequestVersionExact, extra);
    }

    private static string GrpcStatus(HttpResponseMessage response)
    {
        if (response.TrailingHeaders.NonValidated.TryGetValues("grpc-status", out var t)) return t.ToString();
        return response.Headers.NonValidated.TryGetValues("grpc-status", out var h) ? h.ToString() : "";
    }
}
