using System.Net;
using System.Net.Sockets;
using Weft.Local.Apps.Grpc;

namespace Weft.Local.Apps.Probing;

/// <summary>
/// The gRPC probe: one unary call to the echo app over HTTP/2 with prior knowledge (h2c, as gRPC clients speak to
/// plaintext servers), through <see cref="HttpClient"/> on a socket from the probe's socket factory (so it works
/// from inside a pod's namespace). The verdict is the grpc-status, read from the trailers (or from the headers of
/// a trailers-only answer), being the one expected.
/// </summary>
public sealed partial class Prober
{
    private async Task<Outcome> GrpcAsync(ProbeRequest request, IPAddress address, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = _sockets.Create(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, request.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var method = request.Path != "/" ? request.Path : request.GrpcStatus is null ? EchoProto.EchoMethod : EchoProto.StatusMethod;
        var message = request.GrpcStatus is { } code
            ? EchoProto.EncodeStatusRequest((uint)code, request.Send ?? "")
            : EchoProto.EncodeStrings((1, request.Send ?? "ping"));
        using var call = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://{request.Target}{method}"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GrpcFrame.Write(message)),
        };
        call.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        call.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await client.SendAsync(call, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var status = Header(response, "grpc-status");
        var statusMessage = Header(response, "grpc-message") is { } encoded ? GrpcStatusText.Decode(encoded) : null;
        if ((int)response.StatusCode != 200 || status is null)
        {
            return new Outcome(false, status is null ? $"HTTP {(int)response.StatusCode} without grpc-status" : $"HTTP {(int)response.StatusCode}", (int)response.StatusCode, null, status, statusMessage);
        }

        string? reply = null;
        if (body.Length > 0 && GrpcFrame.TryRead(body, out var replyMessage, out _, out _) && EchoProto.TryDecode(replyMessage, out var fields, out _))
        {
            reply = $"{fields.GetValueOrDefault(1, "")} pod={fields.GetValueOrDefault(2, "")} namespace={fields.GetValueOrDefault(3, "")} client={fields.GetValueOrDefault(4, "")}";
        }

        var expected = (request.GrpcStatus ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (status != expected)
        {
            return new Outcome(false, $"grpc-status {status}, expected {expected}", 200, reply, status, statusMessage);
        }

        if (request.Expect is not null && reply?.Contains(request.Expect, StringComparison.Ordinal) != true)
        {
            return new Outcome(false, $"reply does not contain '{request.Expect}'", 200, reply, status, statusMessage);
        }

        return new Outcome(true, null, 200, reply, status, statusMessage);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.NonValidated.TryGetValues(name, out var trailer) ? trailer.ToString()
        : response.Headers.NonValidated.TryGetValues(name, out var header) ? header.ToString()
        : null;
}
