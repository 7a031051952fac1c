using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Weft.Mesh.Forwarding.Http2;

namespace Weft.Mesh.Tests.Http2;

/// <summary>A bare HTTP/2 client speaking frames byte for byte, for what real clients never send.</summary>
internal sealed class RawH2Client : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private readonly TcpClient _client = new();
    private NetworkStream? _stream;

    public static async Task<RawH2Client> ConnectAsync(IPEndPoint endpoint)
    {
        var client = new RawH2Client();
        await client._client.ConnectAsync(endpoint);
        client._stream = client._client.GetStream();
        return client;
    }

    public async Task SendAsync(Action<ArrayBufferWriter<byte>> frames)
    {
        var bytes = new ArrayBufferWriter<byte>();
        frames(bytes);
        await _stream!.WriteAsync(bytes.WrittenMemory);
    }

    /// <summary>The next frame, or null when the server closed the connection.</summary>
    public async Task<(Http2FrameHeader Header, byte[] Payload)?> ReadFrameAsync()
    {
        var header = new byte[Http2FrameHeader.Size];
        if (!await ReadExactlyAsync(header)) return null;
        var parsed = Http2FrameHeader.Read(header);
        var payload = new byte[parsed.Length];
        if (!await ReadExactlyAsync(payload)) return null;
        return (parsed, payload);
    }

    /// <summary>Reads frames until one of <paramref name="type"/> (null when the connection closed first).</summary>
    public async Task<(Http2FrameHeader Header, byte[] Payload)?> ReadUntilAsync(Http2FrameType type)
    {
        while (await ReadFrameAsync() is { } frame)
        {
            if (frame.Header.Type == type) return frame;
        }

        return null;
    }

    public void Dispose() => _client.Dispose();

    private async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            int n;
            try
            {
                n = await _stream!.ReadAsync(buffer.AsMemory(read)).AsTask().WaitAsync(Bound);
            }
            catch (IOException)
            {
                return false;
            }

            if (n == 0) return false;
            read += n;
        }

        return true;
    }
}
