using Weft.Datapath.Linux.Abstractions;
namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// Reads packets that nftables/iptables rules log to one NFLOG group (<c>log group N prefix "…"</c>) in one network
/// namespace. Binding copies the first <c>copyRange</c> bytes of each packet, enough for the IP and transport
/// headers. Only one socket per namespace can own a group: a second bind fails with EPERM.
/// </summary>
public sealed class NflogReader : IDisposable
{
    private const byte AfUnspec = 0;
    private const byte AfInet = 2;
    private const byte AfInet6 = 10;

    private readonly NetlinkSocket _socket;
    private readonly NetlinkReceiveLoop _loop;

    private NflogReader(NetlinkSocket socket, ushort group)
    {
        _socket = socket;
        _loop = new NetlinkReceiveLoop(socket);
        Group = group;
    }

    public ushort Group { get; }

    /// <summary>Kernel-side losses (ENOBUFS). Never silent.</summary>
    public long Overruns => _loop.Overruns;

    public long Malformed => _loop.Malformed;

    /// <summary>
    /// Binds <paramref name="group"/> in <paramref name="networkNamespace"/> (an <c>ip netns</c> name or a path; null for
    /// the caller's own). The kernel batches logged packets into one datagram until <paramref name="queueThreshold"/>
    /// packets or 64 KiB are queued or <paramref name="flushTimeout"/> passes; its defaults (100 packets, 1 s) would
    /// hold a lone drop back for a second, so Weft flushes every 100 ms unless told otherwise.
    /// </summary>
    public static NflogReader Open(
        string? networkNamespace, ushort group, uint copyRange = 128, int receiveBufferBytes = 8 << 20,
        TimeSpan? flushTimeout = null, uint queueThreshold = 100)
    {
        var timeoutHundredths = (uint)Math.Clamp((flushTimeout ?? TimeSpan.FromMilliseconds(100)).TotalMilliseconds / 10, 0, uint.MaxValue);
        var socket = NetlinkSocket.Open(NetworkNamespaceName.ToPath(networkNamespace));
        try
        {
            socket.SetReceiveBuffer(receiveBufferBytes);
            uint sequence = 1;
            // PF_UNBIND/PF_BIND are what pre-3.17 kernels needed to route a family to nfnetlink_log; newer kernels
            // accept and ignore them, so their answers do not matter.
            foreach (var family in (ReadOnlySpan<byte>)[AfInet, AfInet6])
            {
                Request(socket, NflogConfigMessages.Command(NflogConstants.CmdPfUnbind, 0, family, sequence), sequence++, required: false);
                Request(socket, NflogConfigMessages.Command(NflogConstants.CmdPfBind, 0, family, sequence), sequence++, required: false);
            }

            Request(socket, NflogConfigMessages.Command(NflogConstants.CmdBind, group, AfUnspec, sequence), sequence++, required: true);
            Request(socket, NflogConfigMessages.CopyPacket(group, copyRange, sequence), sequence++, required: true);
            Request(socket, NflogConfigMessages.Setting(group, NflogConstants.CfgTimeout, timeoutHundredths, sequence), sequence++, required: true);
            Request(socket, NflogConfigMessages.Setting(group, NflogConstants.CfgQThreshold, queueThreshold, sequence), sequence++, required: true);
            Request(socket, NflogConfigMessages.Setting(group, NflogConstants.CfgNlBufSize, 64 * 1024, sequence), sequence, required: true);
            return new NflogReader(socket, group);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Delivers packets to <paramref name="onPacket"/> on the calling thread until cancelled (blocking).</summary>
    public void Run(Action<NflogPacket> onPacket, CancellationToken cancellationToken) =>
        _loop.Run((header, payload) => Deliver(header, payload, onPacket), cancellationToken);

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for one datagram; returns how many packets it delivered.</summary>
    public int ReceiveOnce(Action<NflogPacket> onPacket, int timeoutMilliseconds)
    {
        var delivered = 0;
        _loop.ReceiveOnce(
            (header, payload) =>
            {
                if (Deliver(header, payload, onPacket))
                {
                    delivered++;
                }
            },
            timeoutMilliseconds);
        return delivered;
    }

    public void Dispose() => _socket.Dispose();

    private static bool Deliver(NetlinkMessageHeader header, ReadOnlySpan<byte> payload, Action<NflogPacket> onPacket)
    {
        if (!NflogMessageParser.TryParse(header, payload, out var packet))
        {
            return false;
        }

        onPacket(packet!);
        return true;
    }

    private static void Request(NetlinkSocket socket, byte[] message, uint sequence, bool required)
    {
        socket.Send(message);
        var buffer = new byte[4096];
        // The ACK follows at once; a generous bound only guards against a kernel that never answers.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var received = socket.Receive(buffer, 100);
            var rest = new ReadOnlySpan<byte>(buffer, 0, Math.Max(received, 0));
            while (NetlinkMessageReader.TryRead(ref rest, out var header, out var payload))
            {
                if (header.Type != NetlinkConstants.MsgError || header.Sequence != sequence)
                {
                    continue;
                }

                var error = NetlinkMessageReader.ErrorCode(payload);
                if (error != 0 && required)
                {
                    throw Failure($"NFULNL_MSG_CONFIG (seq {sequence})", -error);
                }

                return;
            }
        }

        if (required)
        {
            throw new KernelOperationException($"NFULNL_MSG_CONFIG (seq {sequence})", 0, "no acknowledgement from nfnetlink_log");
        }
    }

    /// <summary>The project's kernel-boundary exception: the operation, the errno and its text.</summary>
    private static KernelOperationException Failure(string operation, int errno) =>
        new(operation, errno, errno == 0 ? "" : System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno));
}
