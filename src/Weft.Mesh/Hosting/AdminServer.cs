using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace Weft.Mesh.Hosting;

/// <summary>What the admin port answers for one path: status, content type and body.</summary>
internal readonly record struct AdminResponse(int Status, string ContentType, string Body);

/// <summary>
/// The admin port's HTTP/1.x server (/metrics, /live, /ready): GET and HEAD, keep-alive, no request bodies. Small on
/// purpose — it is what scrapers and probes talk to, and an idle sidecar should not need a full HTTP server for it.
/// </summary>
internal static class AdminServer
{
    private const int MaxHead = 16 * 1024;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(130);
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Answers requests on <paramref name="connection"/> until the client closes, asks to, or misbehaves.</summary>
    public static async Task ServeAsync(ConnectionContext connection, Func<string, AdminResponse> route, TimeProvider time)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        using var timer = new CancellationTokenSource(IdleTimeout, time);
        try
        {
            while (true)
            {
                timer.CancelAfter(IdleTimeout);
                var started = false;
                long end;
                ReadOnlySequence<byte> buffer;
                while (true)
                {
                    var result = await input.ReadAsync(timer.Token).ConfigureAwait(false);
                    buffer = result.Buffer;
                    if (!started && !buffer.IsEmpty)
                    {
                        started = true;
                        timer.CancelAfter(HeadTimeout); // slowloris guard: a begun head must arrive within this
                    }

                    end = Forwarding.Http1.Http1Parser.FindEndOfHead(buffer);
                    if (end >= 0 && end <= MaxHead) break;
                    if (end > MaxHead || buffer.Length > MaxHead)
                    {
                        await RespondAsync(output, 431, "text/plain", "request head too large\n", head: false, close: true).ConfigureAwait(false);
                        return;
                    }

                    input.AdvanceTo(buffer.Start, buffer.End);
                    if (result.IsCompleted || result.IsCanceled) return;
                }

                var request = Parse(Encoding.Latin1.GetString(buffer.Slice(0, end)));
                input.AdvanceTo(buffer.GetPosition(end));
                if (request is null)
                {
                    await RespondAsync(output, 400, "text/plain", "bad request\n", head: false, close: true).ConfigureAwait(false);
                    return;
                }

                var (method, path, close, hasBody) = request.Value;
                if (hasBody)
                {
                    await RespondAsync(output, 400, "text/plain", "the admin port takes no request bodies\n", head: false, close: true).ConfigureAwait(false);
                    return;
                }

                var isHead = method == "HEAD";
                var response = method is "GET" or "HEAD" ? route(path) : new AdminResponse(405, "text/plain", "method not allowed\n");
                await RespondAsync(output, response.Status, response.ContentType, response.Body, isHead, close).ConfigureAwait(false);
                if (close) return;
            }
        }
        catch (OperationCanceledException)
        {
            // idle or slow client: close
        }
        catch (IOException)
        {
            // the client went away
        }
    }

    /// <summary>Method, path (without query), whether to close after answering, whether a body follows; null when malformed.</summary>
    internal static (string Method, string Path, bool Close, bool HasBody)? Parse(string head)
    {
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal)) return null;
        var close = parts[2] == "HTTP/1.0";
        var hasBody = false;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) return null;
            var name = line.AsSpan(0, colon).Trim();
            var value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("connection", StringComparison.OrdinalIgnoreCase))
            {
                if (value.Contains("close", StringComparison.OrdinalIgnoreCase)) close = true;
                else if (value.Contains("keep-alive", StringComparison.OrdinalIgnoreCase)) close = false;
            }
            else if (name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase)
                || (name.Equals("content-length", StringComparison.OrdinalIgnoreCase) && !value.SequenceEqual("0")))
            {
                hasBody = true;
            }
        }

        var path = parts[1];
        var query = path.IndexOf('?', StringComparison.Ordinal);
        return (parts[0], query < 0 ? path : path[..query], close, hasBody);
    }

    private static async Task RespondAsync(System.IO.Pipelines.PipeWriter output, int status, string contentType, string body, bool head, bool close)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var reason = status switch
        {
            200 => "OK",
            400 => "Bad Request",
            404 => "Not Found",
            405 => "Method Not Allowed",
            431 => "Request Header Fields Too Large",
            503 => "Service Unavailable",
            _ => "",
        };
        var text = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append(' ').Append(reason).Append("\r\n")
            .Append("Content-Length: ").Append(bytes.Length).Append("\r\n");
        if (contentType.Length > 0 && bytes.Length > 0) text.Append("Content-Type: ").Append(contentType).Append("\r\n");
        if (status == 405) text.Append("Allow: GET, HEAD\r\n");
        if (close) text.Append("Connection: close\r\n");
        text.Append("\r\n");
        output.Write(Encoding.ASCII.GetBytes(text.ToString()));
        if (!head) output.Write(bytes);
        await output.FlushAsync().ConfigureAwait(false);
    }
}
