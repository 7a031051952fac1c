using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Weft.Local.Apps.Grpc;

/// <summary>
/// The echo app's gRPC listener (<c>weft app serve --grpc PORT</c>, <c>grpc:PORT</c> in WEFT_PORTS): real gRPC on
/// HTTP/2 with prior knowledge (h2c) — length-prefixed messages, <c>content-type: application/grpc</c>, status in
/// <c>grpc-status</c>/<c>grpc-message</c> trailers (or trailers-only for errors, as gRPC servers answer) — served by
/// Kestrel on the socket <see cref="EchoServer"/> bound. Methods are in <see cref="EchoProto"/>.
/// </summary>
public sealed class GrpcEchoServer(Socket listener, EchoIdentity identity)
{
    // Status codes (grpc/doc/statuscodes.md) the app itself uses.
    private const int Ok = 0;
    private const int InvalidArgument = 3;
    private const int Unimplemented = 12;
    private const int Internal = 13;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenHandle((ulong)listener.Handle, l => l.Protocols = HttpProtocols.Http2));
        await using var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        await app.StopAsync(CancellationToken.None);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsPost(request.Method) || request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
        {
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        response.ContentType = "application/grpc";
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var data = body.ToArray();
        if (!GrpcFrame.TryRead(data, out var message, out var consumed, out var error) || consumed != data.Length)
        {
            TrailersOnly(response, Internal, error ?? "expected exactly one request message");
            return;
        }

        if (!EchoProto.TryDecode(message, out var strings, out var varints))
        {
            TrailersOnly(response, InvalidArgument, "malformed protobuf message");
            return;
        }

        var text = strings.GetValueOrDefault(1, "");
        var status = Ok;
        switch (request.Path.Value)
        {
            case EchoProto.EchoMethod:
                break;
            case EchoProto.StatusMethod:
                status = (int)Math.Min(varints.GetValueOrDefault(1), 16);
                text = strings.GetValueOrDefault(2, "");
                if (status != Ok)
                {
                    TrailersOnly(response, status, text);
                    return;
                }

                break;
            default:
                TrailersOnly(response, Unimplemented, $"unknown method {request.Path.Value}");
                return;
        }

        var client = context.Connection.RemoteIpAddress is { } address ? $"{(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)}:{context.Connection.RemotePort}" : "";
        var reply = EchoProto.EncodeStrings((1, text), (2, identity.Pod), (3, identity.Namespace), (4, client));
        await response.Body.WriteAsync(GrpcFrame.Write(reply), context.RequestAborted);
        response.AppendTrailer("grpc-status", "0");
        response.AppendTrailer("grpc-message", "");
    }

    /// <summary>An error answer with no message: the status in the response headers, which end the stream.</summary>
    private static void TrailersOnly(HttpResponse response, int status, string message)
    {
        response.Headers["grpc-status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (message.Length > 0) response.Headers["grpc-message"] = GrpcStatusText.Encode(message);
    }
}
