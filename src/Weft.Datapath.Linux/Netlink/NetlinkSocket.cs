using System.Runtime.InteropServices;
using Weft.Datapath.Linux.Abstractions;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// A NETLINK_NETFILTER socket: created (optionally inside a network namespace), bound with a kernel-assigned port
/// id, joined to multicast groups, read with a timeout so that readers can notice cancellation.
/// </summary>
internal sealed class NetlinkSocket : IDisposable
{
    private int _fd;

    private NetlinkSocket(int fd) => _fd = fd;

    /// <summary>Opens a socket of <paramref name="protocol"/> in the namespace at <paramref name="namespacePath"/> (null: the caller's).</summary>
    public static NetlinkSocket Open(string? namespacePath, int protocol = NetlinkInterop.NetlinkNetfilter) =>
        NetworkNamespaceScope.Run(namespacePath, () => Create(protocol));

    private static NetlinkSocket Create(int protocol)
    {
        var fd = NetlinkInterop.Socket(NetlinkInterop.AfNetlink, NetlinkInterop.SockRaw | NetlinkInterop.SockCloexec, protocol);
        if (fd < 0)
        {
            throw Failure("socket(AF_NETLINK)", Marshal.GetLastPInvokeError());
        }

        var address = new NetlinkInterop.SockaddrNl { Family = NetlinkInterop.AfNetlink };
        if (NetlinkInterop.Bind(fd, ref address, Marshal.SizeOf<NetlinkInterop.SockaddrNl>()) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = NetlinkInterop.Close(fd);
            throw Failure("bind(sockaddr_nl)", errno);
        }

        return new NetlinkSocket(fd);
    }

    /// <summary>Joins a multicast group (NETLINK_ADD_MEMBERSHIP), e.g. NFNLGRP_CONNTRACK_NEW.</summary>
    public void JoinGroup(int group) => SetOption(NetlinkInterop.SolNetlink, NetlinkInterop.NetlinkAddMembership, group, $"NETLINK_ADD_MEMBERSHIP({group})");

    /// <summary>Sizes the kernel receive buffer; SO_RCVBUFFORCE (root) may exceed net.core.rmem_max, SO_RCVBUF is the fallback.</summary>
    public void SetReceiveBuffer(int bytes)
    {
        var value = bytes;
        if (NetlinkInterop.SetSockOpt(_fd, NetlinkInterop.SolSocket, NetlinkInterop.SoRcvbufforce, ref value, sizeof(int)) != 0)
        {
            SetOption(NetlinkInterop.SolSocket, NetlinkInterop.SoRcvbuf, bytes, "SO_RCVBUF");
        }
    }

    public void Send(ReadOnlySpan<byte> message)
    {
        var sent = NetlinkInterop.Send(_fd, ref MemoryMarshal.GetReference(message), message.Length, 0);
        if (sent != message.Length)
        {
            throw Failure("send(netlink)", sent < 0 ? Marshal.GetLastPInvokeError() : 0);
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> for one datagram. Returns its length, 0 on timeout, or -1
    /// when the kernel reported ENOBUFS: the receive buffer overflowed and events were lost (counted by callers).
    /// </summary>
    public int Receive(Span<byte> buffer, int timeoutMilliseconds)
    {
        var poll = new NetlinkInterop.PollFd { Fd = _fd, Events = NetlinkInterop.PollIn };
        var ready = NetlinkInterop.Poll(ref poll, 1, timeoutMilliseconds);
        if (ready < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == NetlinkInterop.Eintr ? 0 : throw Failure("poll(netlink)", errno);
        }

        if (ready == 0)
        {
            return 0;
        }

        var received = NetlinkInterop.Recv(_fd, ref MemoryMarshal.GetReference(buffer), buffer.Length, NetlinkInterop.MsgDontwait);
        if (received >= 0)
        {
            return (int)received;
        }

        var error = Marshal.GetLastPInvokeError();
        return error switch
        {
            NetlinkInterop.Enobufs => -1,
            NetlinkInterop.Eagain or NetlinkInterop.Eintr => 0,
            _ => throw Failure("recv(netlink)", error),
        };
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            // close(2) on a netlink socket fails only for a bad descriptor, which Interlocked rules out.
            _ = NetlinkInterop.Close(fd);
        }
    }

    private void SetOption(int level, int name, int value, string what)
    {
        if (NetlinkInterop.SetSockOpt(_fd, level, name, ref value, sizeof(int)) != 0)
        {
            throw Failure($"setsockopt({what})", Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>The project's kernel-boundary exception: the operation, the errno and its text.</summary>
    private static KernelOperationException Failure(string operation, int errno) =>
        new(operation, errno, errno == 0 ? "" : System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno));
}
