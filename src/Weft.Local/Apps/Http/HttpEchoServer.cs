using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Weft.Local.Apps.Http;

/// <summary>
/// A raw-socket HTTP/1.1 responder for the echo app. Chosen over Kestrel because a local cluster runs about a
/// hundred of these and it starts in a fraction of the time with a fraction of the memory (bench/apps/RESULTS.md).
/// Keep-alive and pipelining work; request bodies are read and discarded; chunked request bodies close the connection.
/// </summary>
internal sealed class HttpEchoServer
{
    private readonly Socket _listener;
    private readonly EchoIdentity _identity;
    private readonly TimeProvider _time;

    public HttpEchoServer(Socket listener, EchoIdentity identity, TimeProvider time)
    {
        _listener = listener;
        _identity = identity;
        _time = time;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            _ = ServeConnectionAsync(connection, cancellationToken);
        }
    }

    private async Task ServeConnectionAsync(Socket socket, CancellationToken cancellationToken)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        IPEndPoint client;
        try
        {
            socket.NoDelay = true;
            client = (IPEndPoint)socket.RemoteEndPoint!;
        }
        catch (SocketException)
        {
            // Reset before we looked at it.
            return;
        }

        var reader = PipeReader.Create(stream);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                var status = Parse(ref buffer, out var head);
                if (status == HttpParseStatus.Incomplete)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    if (result.IsCompleted)
                    {
                        return;
                    }

                    continue;
                }

                if (status != HttpParseStatus.Complete)
                {
                    var code = status == HttpParseStatus.TooLarge ? 431 : 400;
                    await WriteAsync(stream, code, "text/plain", "bad request\n", keepAlive: false, headOnly: false, cancellationToken);
                    return;
                }

                reader.AdvanceTo(buffer.Start);
                if (head!.ContentLength > 0 && !await DiscardAsync(reader, head.ContentLength, cancellationToken))
                {
                    return;
                }

                var response = EchoResponder.Respond(head, _identity, client);
                if (response.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(response.Delay, _time, cancellationToken);
                }

                var keepAlive = head.KeepAlive && head.ContentLength >= 0;
                await WriteAsync(stream, response.Status, response.ContentType, response.Body, keepAlive, head.Method == "HEAD", cancellationToken);
                if (!keepAlive)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The client went away or the server is stopping; nothing to report for an echo app.
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static HttpParseStatus Parse(ref ReadOnlySequence<byte> buffer, out HttpRequestHead? head)
    {
        var sequenceReader = new SequenceReader<byte>(buffer);
        var status = HttpRequestParser.TryRead(ref sequenceReader, out head);
        buffer = buffer.Slice(sequenceReader.Position);
        return status;
    }

    private static async Task<bool> DiscardAsync(PipeReader reader, long length, CancellationToken cancellationToken)
    {
        while (length > 0)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var take = Math.Min(length, result.Buffer.Length);
            reader.AdvanceTo(result.Buffer.GetPosition(take));
            length -= take;
            if (length > 0 && result.IsCompleted)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task WriteAsync(Stream stream, int status, string contentType, string body, bool keepAlive, bool headOnly, CancellationToken cancellationToken)
    {
        // RFC 9110 §8.6: no Content-Length on 204, and neither 204 nor 304 carries a body.
        var noBody = status is 204 or 304;
        headOnly |= noBody;
        var length = noBody ? "" : $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n";
        var head = $"HTTP/1.1 {status} {ReasonPhrase(status)}\r\nContent-Type: {contentType}; charset=utf-8\r\n{length}Connection: {(keepAlive ? "keep-alive" : "close")}\r\n\r\n";
        var bytes = Encoding.UTF8.GetBytes(headOnly ? head : head + body);
        await stream.WriteAsync(bytes, cancellationToken);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    };
}
