using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Weft.Mesh.Forwarding;

/// <summary>
/// Forwards one HTTP request to one destination and streams the response back, in the spirit of YARP's
/// HttpForwarder: hop-by-hop headers dropped, nothing added (no X-Forwarded-*, no Via; traceparent passes through
/// as the client sent it), bodies streamed both ways, response trailers copied (gRPC), failures returned as
/// <see cref="ForwarderError"/>.
/// </summary>
internal static class HttpForwarder
{
    private static readonly UriCreationOptions RawUri = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>Builds the upstream request; <paramref name="hasBody"/> says whether a body will stream.</summary>
    public static HttpRequestMessage CreateRequest(HttpContext context, string scheme, string authority, Version version, HttpVersionPolicy policy, bool hasBody, IEnumerable<KeyValuePair<string, string>>? extraHeaders)
    {
        var incoming = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (incoming.Path + incoming.QueryString).ToString();
        if (target.Length == 0 || target[0] != '/')
        {
            // absolute-form (RFC 9112 §3.2.2): keep only path and query.
            target = Uri.TryCreate(target, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : "/";
        }

        var request = new HttpRequestMessage
        {
            Method = HttpMethod.Parse(incoming.Method),
            RequestUri = new Uri(string.Concat(scheme, "://", authority, target), in RawUri),
            Version = version,
            VersionPolicy = policy,
        };
        if (hasBody) request.Content = new StreamingRequestContent(context.Request.BodyReader, context.RequestAborted);

        var connectionTokens = incoming.Headers.Connection;
        foreach (var header in incoming.Headers)
        {
            var name = header.Key;
            if (HopByHopHeaders.IsHopByHop(name)) continue;
            if (string.Equals(name, "TE", StringComparison.OrdinalIgnoreCase))
            {
                if (HopByHopHeaders.IsTeTrailers(header.Value.ToString())) request.Headers.TryAddWithoutValidation("TE", "trailers");
                continue;
            }

            if (connectionTokens.Count > 0 && NamedIn(connectionTokens, name)) continue;
            AddHeader(request, name, header.Value, hasBody);
        }

        if (incoming.Host.HasValue) request.Headers.Host = incoming.Host.Value;
        if (extraHeaders is not null)
        {
            foreach (var (name, value) in extraHeaders) request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>Copies status, headers, body and trailers of <paramref name="response"/> to the client.</summary>
    public static async ValueTask<ForwarderError> CopyResponseAsync(HttpContext context, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var outgoing = context.Response;
        outgoing.StatusCode = (int)response.StatusCode;
        CopyHeaders(response.Headers.NonValidated, outgoing.Headers);
        CopyHeaders(response.Content.Headers.NonValidated, outgoing.Headers);

        Stream body;
        try
        {
            body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            return ForwarderError.ResponseBody;
        }

        // Flush after every chunk, the last one too: streams such as gRPC and SSE must not wait, and leaving the
        // last chunk to the response's completion lost it — a 300 KB body's tail never left Kestrel on an HTTP/1.1
        // keep-alive connection (found with curl through a proxy; Http1OverHttp2Tests no longer goes this way).
        await using (body.ConfigureAwait(false))
        {
            var writer = outgoing.BodyWriter;
            while (true)
            {
                int read;
                try
                {
                    var memory = writer.GetMemory(16 * 1024);
                    read = await body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
                {
                    return ForwarderError.ResponseBody;
                }
                catch (Exception)
                {
                    return ForwarderError.ClientCanceled;
                }

                if (read == 0) break;
                writer.Advance(read);
                var flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCanceled || flush.IsCompleted) return ForwarderError.ClientCanceled;
            }
        }

        CopyTrailers(context, response);
        return ForwarderError.None;
    }

    private static void CopyTrailers(HttpContext context, HttpResponseMessage response)
    {
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>();
        if (trailers is null || !context.Response.SupportsTrailers()) return;
        foreach (var header in response.TrailingHeaders.NonValidated)
        {
            trailers.Trailers[header.Key] = ToStringValues(header.Value);
        }
    }

    private static void CopyHeaders(HttpHeadersNonValidated source, IHeaderDictionary destination)
    {
        foreach (var header in source)
        {
            if (HopByHopHeaders.IsHopByHop(header.Key)) continue;
            destination[header.Key] = ToStringValues(header.Value);
        }
    }

    private static StringValues ToStringValues(HeaderStringValues values)
    {
        if (values.Count == 1) return values.ToString();
        var array = new string[values.Count];
        var i = 0;
        foreach (var v in values) array[i++] = v;
        return array;
    }

    private static void AddHeader(HttpRequestMessage request, string name, StringValues values, bool hasBody)
    {
        if (values.Count == 1 ? request.Headers.TryAddWithoutValidation(name, values.ToString()) : request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            return;

        // Content-* headers belong to the content; without a body there is nothing to describe.
        if (hasBody && request.Content is not null)
        {
            if (values.Count == 1) request.Content.Headers.TryAddWithoutValidation(name, values.ToString());
            else request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
    }

    private static bool NamedIn(StringValues connection, string name)
    {
        foreach (var value in connection)
        {
            if (value is null) continue;
            foreach (var range in value.AsSpan().Split(','))
            {
                if (value.AsSpan()[range].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)) return true;
            }
        }

        return false;
    }

    /// <summary>Classifies an exception from SendAsync.</summary>
    public static ForwarderError Classify(Exception exception, bool timedOut, bool clientAborted, bool requestBodyFailed)
    {
        if (clientAborted) return ForwarderError.ClientCanceled;
        if (timedOut) return ForwarderError.ResponseHeadersTimeout;
        if (requestBodyFailed) return ForwarderError.RequestBody;
        return exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError }
            ? ForwarderError.Connect
            : ForwarderError.Request;
    }

    public static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsPut(method)
        || HttpMethods.IsDelete(method) || HttpMethods.IsTrace(method);

    internal static HttpStatusCode StatusFor(ForwarderError error) => (HttpStatusCode)ForwarderErrorText.StatusCode(error);
}
