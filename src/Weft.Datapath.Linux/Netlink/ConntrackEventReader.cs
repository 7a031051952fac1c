namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// Reads conntrack NEW and DESTROY events (optionally UPDATE) of one network namespace over ctnetlink multicast.
/// Counters arrive with DESTROY events only when <c>net.netfilter.nf_conntrack_acct=1</c> in that namespace,
/// timestamps when <c>net.netfilter.nf_conntrack_timestamp=1</c>. Conntrack itself runs in a namespace only once
/// some rule there needs it (for example an nftables <c>ct state</c> match).
/// </summary>
public sealed class ConntrackEventReader : IDisposable
{
    private readonly NetlinkSocket _socket;
    private readonly NetlinkReceiveLoop _loop;

    private ConntrackEventReader(NetlinkSocket socket)
    {
        _socket = socket;
        _loop = new NetlinkReceiveLoop(socket);
    }

    /// <summary>Kernel-side losses (ENOBUFS): the consumer was slower than the event rate. Never silent.</summary>
    public long Overruns => _loop.Overruns;

    public long Malformed => _loop.Malformed;

    /// <summary>
    /// Opens a reader in <paramref name="networkNamespace"/> (an <c>ip netns</c> name or a namespace path; null for the
    /// caller's own) subscribed to NFNLGRP_CONNTRACK_NEW and _DESTROY (and _UPDATE when asked).
    /// </summary>
    public static ConntrackEventReader Open(string? networkNamespace = null, bool includeUpdates = false, int receiveBufferBytes = 8 << 20)
    {
        var socket = NetlinkSocket.Open(NetworkNamespaceName.ToPath(networkNamespace));
        try
        {
            socket.SetReceiveBuffer(receiveBufferBytes);
            socket.JoinGroup(NetlinkConstants.GroupConntrackNew);
            socket.JoinGroup(NetlinkConstants.GroupConntrackDestroy);
            if (includeUpdates)
            {
                socket.JoinGroup(NetlinkConstants.GroupConntrackUpdate);
            }

            return new ConntrackEventReader(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Delivers events to <paramref name="onEvent"/> on the calling thread until cancelled (blocking; run it on a dedicated thread).</summary>
    public void Run(Action<ConntrackEvent> onEvent, CancellationToken cancellationToken) =>
        _loop.Run((header, payload) => Deliver(header, payload, onEvent), cancellationToken);

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for one datagram; returns how many events it delivered.</summary>
    public int ReceiveOnce(Action<ConntrackEvent> onEvent, int timeoutMilliseconds)
    {
        var delivered = 0;
        _loop.ReceiveOnce(
            (header, payload) =>
            {
                if (Deliver(header, payload, onEvent))
                {
                    delivered++;
                }
            },
            timeoutMilliseconds);
        return delivered;
    }

    public void Dispose() => _socket.Dispose();

    private static bool Deliver(NetlinkMessageHeader header, ReadOnlySpan<byte> payload, Action<ConntrackEvent> onEvent)
    {
        if (!ConntrackMessageParser.TryParse(header, payload, out var conntrackEvent))
        {
            return false;
        }

        onEvent(conntrackEvent!);
        return true;
    }
}
