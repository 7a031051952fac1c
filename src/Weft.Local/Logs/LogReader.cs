using System.Text;

namespace Weft.Local.Logs;

/// <summary>
/// Reads a container log for <c>weft logs [-f] [--tail N]</c>: copies what is there, and with follow keeps
/// polling for appended bytes (and starts over when the file is truncated or replaced) until cancelled.
/// Polling, not inotify, so it behaves the same on every file system; the interval comes from the injected clock.
/// </summary>
public sealed class LogReader
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _pollInterval;

    public LogReader(TimeProvider time, TimeSpan? pollInterval = null)
    {
        _time = time;
        _pollInterval = pollInterval ?? TimeSpan.FromMilliseconds(250);
    }

    /// <summary>Copies the log to <paramref name="output"/>; with <paramref name="tailLines"/>, only that many last lines first.</summary>
    public async Task CopyAsync(string path, TextWriter output, bool follow, int? tailLines, CancellationToken cancellationToken)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var buffer = new byte[64 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        FileStream? stream = null;
        try
        {
            while (true)
            {
                if (stream is null && File.Exists(path))
                {
                    stream = Open(path);
                    if (tailLines is { } tail)
                    {
                        stream.Position = FindTailStart(stream, tail);
                        tailLines = null;
                    }
                }

                if (stream is not null)
                {
                    if (stream.Length < stream.Position || Replaced(stream, path))
                    {
                        // Truncated or replaced: read the new content from the start.
                        await stream.DisposeAsync();
                        stream = Open(path);
                        decoder.Reset();
                    }

                    int read;
                    while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        var count = decoder.GetChars(buffer, 0, read, chars, 0);
                        await output.WriteAsync(chars.AsMemory(0, count), cancellationToken);
                    }

                    await output.FlushAsync(cancellationToken);
                }

                if (!follow)
                {
                    return;
                }

                await Task.Delay(_pollInterval, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Following ends when the caller cancels (Ctrl-C).
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private static FileStream Open(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete });

    private static bool Replaced(FileStream stream, string path)
    {
        try
        {
            // The path now names a shorter file than the one we read (rotated or rewritten).
            return new FileInfo(path).Length < stream.Position;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The offset where the last <paramref name="lines"/> lines start, scanning backwards in blocks.</summary>
    internal static long FindTailStart(FileStream stream, int lines)
    {
        if (lines <= 0)
        {
            return stream.Length;
        }

        var block = new byte[8192];
        var position = stream.Length;
        var newlines = 0;
        // A final newline ends the last line; it does not start a new one.
        var skipFinal = true;
        while (position > 0)
        {
            var size = (int)Math.Min(block.Length, position);
            position -= size;
            stream.Position = position;
            stream.ReadExactly(block, 0, size);
            for (var i = size - 1; i >= 0; i--)
            {
                if (block[i] != (byte)'\n')
                {
                    skipFinal = false;
                    continue;
                }

                if (skipFinal)
                {
                    skipFinal = false;
                    continue;
                }

                if (++newlines == lines)
                {
                    return position + i + 1;
                }
            }
        }

        return 0;
    }
}
