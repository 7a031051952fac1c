namespace Weft.Datapath.Linux.Netlink;

/// <summary>Receives datagrams from a netlink socket and hands each message to a handler, counting losses.</summary>
internal sealed class NetlinkReceiveLoop(NetlinkSocket socket, int bufferBytes = 256 * 1024)
{
    /// <summary>How long one wait lasts before the loop looks at its cancellation token again.</summary>
    private const int PollMilliseconds = 100;

    private readonly byte[] _buffer = new byte[bufferBytes];
    private long _overruns;
    private long _malformed;

    public delegate void MessageHandler(NetlinkMessageHeader header, ReadOnlySpan<byte> payload);

    /// <summary>Times the kernel reported ENOBUFS: its socket buffer overflowed and messages were lost.</summary>
    public long Overruns => Interlocked.Read(ref _overruns);

    /// <summary>Datagrams that ended in a malformed message (the rest of that datagram was skipped).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    public void Run(MessageHandler handler, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ReceiveOnce(handler, PollMilliseconds);
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for one datagram and handles its messages.</summary>
    public int ReceiveOnce(MessageHandler handler, int timeoutMilliseconds)
    {
        var received = socket.Receive(_buffer, timeoutMilliseconds);
        if (received < 0)
        {
            Interlocked.Increment(ref _overruns);
            return 0;
        }

        var rest = new ReadOnlySpan<byte>(_buffer, 0, received);
        var messages = 0;
        while (NetlinkMessageReader.TryRead(ref rest, out var header, out var payload))
        {
            if (header.Type == NetlinkConstants.MsgOverrun)
            {
                Interlocked.Increment(ref _overruns);
            }
            else if (header.Type is not (NetlinkConstants.MsgNoop or NetlinkConstants.MsgDone))
            {
                handler(header, payload);
                messages++;
            }
        }

        if (!rest.IsEmpty)
        {
            Interlocked.Increment(ref _malformed);
        }

        return messages;
    }
}
