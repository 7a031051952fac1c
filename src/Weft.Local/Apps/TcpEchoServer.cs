using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;

namespace Weft.Local.Apps;

/// <summary>
/// TCP echo: every line the client sends comes back prefixed by the pod name, <c>POD: LINE\n</c>
/// (a trailing <c>\r</c> is dropped; an unterminated last line is answered when the client half-closes).
/// </summary>
internal sealed class TcpEchoServer
{
    private const int MaxLine = 64 * 1024;
    private readonly Socket _listener;
    private readonly byte[] _prefix;

    public TcpEchoServer(Socket listener, EchoIdentity identity)
    {
        _listener = listener;
        _prefix = Encoding.UTF8.GetBytes(identity.Pod + ": ");
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

            _ = EchoAsync(connection, cancellationToken);
        }
    }

    private async Task EchoAsync(Socket socket, CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (TryTakeLine(ref buffer, result.IsCompleted, out var line))
                {
                    await WriteLineAsync(stream, line, cancellationToken);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    socket.Shutdown(SocketShutdown.Send);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // Client gone or server stopping.
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, bool atEnd, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is { } position)
        {
            line = buffer.Slice(0, position);
            buffer = buffer.Slice(buffer.GetPosition(1, position));
        }
        else if (buffer.Length >= MaxLine || (atEnd && buffer.Length > 0))
        {
            line = buffer;
            buffer = buffer.Slice(buffer.End);
        }
        else
        {
            line = default;
            return false;
        }

        if (line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        return true;
    }

    private async Task WriteLineAsync(Stream stream, ReadOnlySequence<byte> line, CancellationToken cancellationToken)
    {
        var reply = new byte[_prefix.Length + line.Length + 1];
        _prefix.CopyTo(reply, 0);
        line.CopyTo(reply.AsSpan(_prefix.Length));
        reply[^1] = (byte)'\n';
        await stream.WriteAsync(reply, cancellationToken);
    }
}
