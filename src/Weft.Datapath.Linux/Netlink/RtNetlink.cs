using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Abstractions.Operations;
using Weft.Datapath.Linux.Interop;
using Weft.Datapath.Linux.IpRoute;
using Weft.Datapath.Linux.Netns;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// <see cref="INetlink"/> speaking rtnetlink directly: a batch is a series of requests on one socket opened in
/// the target namespace, with no process start at all (the CNI ADD hot path). Operations it does not encode
/// (VXLAN) and the read side (listing) go to the iproute2 implementation.
/// </summary>
public sealed class RtNetlink(IpRouteNetlink fallback) : INetlink
{
    private const ushort RtmNewLink = 16;
    private const ushort RtmDelLink = 17;
    private const ushort RtmNewAddr = 20;
    private const ushort RtmNewRoute = 24;
    private const ushort RtmDelRoute = 25;
    private const ushort RtmNewNeigh = 28;
    private const ushort Request = 0x1;
    private const ushort Ack = 0x4;
    private const ushort Replace = 0x100;
    private const ushort Exclusive = 0x200;
    private const ushort Create = 0x400;
    private const ushort IflaAddress = 1;
    private const ushort IflaIfname = 3;
    private const ushort IflaMtu = 4;
    private const ushort IflaMaster = 10;
    private const ushort IflaLinkinfo = 18;
    private const ushort IflaNetNsFd = 28;
    private const ushort IflaInfoKind = 1;
    private const ushort IflaInfoData = 2;
    private const ushort VethInfoPeer = 1;
    private const uint IffUp = 1;
    private const int NoSuchDevice = 19;

    public Task ApplyAsync(NetnsRef? netns, IReadOnlyList<NetlinkOperation> operations, CancellationToken cancellationToken)
    {
        if (operations.Any(o => o is AddVxlan))
        {
            return fallback.ApplyAsync(netns, operations, cancellationToken);
        }

        return InNamespace(netns, () =>
        {
            using var socket = RtNetlinkSocket.Open();
            foreach (var operation in operations)
            {
                var error = Send(socket, operation);
                if (error != 0)
                {
                    throw Failure(operation, netns, error);
                }
            }

            return true;
        }, cancellationToken);
    }

    public Task<bool> DeleteLinkAsync(NetnsRef? netns, string name, CancellationToken cancellationToken) =>
        InNamespace(netns, () =>
        {
            using var socket = RtNetlinkSocket.Open();
            var operation = new DeleteLink(name);
            var error = Send(socket, operation);
            return error switch
            {
                0 => true,
                -NoSuchDevice => false,
                _ => throw Failure(operation, netns, error),
            };
        }, cancellationToken);

    public Task<IReadOnlyList<LinkInfo>> ListLinksAsync(NetnsRef? netns, string? prefix, CancellationToken cancellationToken) =>
        fallback.ListLinksAsync(netns, prefix, cancellationToken);

    public Task<IReadOnlyList<AddressInfo>> ListAddressesAsync(NetnsRef? netns, string? device, CancellationToken cancellationToken) =>
        fallback.ListAddressesAsync(netns, device, cancellationToken);

    public Task<IReadOnlyList<RouteInfo>> ListRoutesAsync(NetnsRef? netns, string? device, CancellationToken cancellationToken) =>
        fallback.ListRoutesAsync(netns, device, cancellationToken);

    /// <summary>The socket must be created inside the namespace; the caller's own namespace needs no thread switch.</summary>
    private static Task<T> InNamespace<T>(NetnsRef? netns, Func<T> action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (netns is null)
        {
            return Task.FromResult(action());
        }

        return LinuxNetns.StartIn(netns, action);
    }

    private static int Send(RtNetlinkSocket socket, NetlinkOperation operation)
    {
        var sequence = socket.NextSequence();
        switch (operation)
        {
            case AddVeth veth:
                return WithNamespaceFd(veth.PeerNetns, fd => socket.Request(AddVethMessage(veth, fd, sequence), sequence));
            case AddBridge bridge:
            {
                var message = LinkMessage(RtmNewLink, Request | Ack | Create | Exclusive, sequence, 0, 0);
                message.AttributeString(IflaIfname, bridge.Name);
                if (bridge.Mtu is { } mtu)
                {
                    message.AttributeUInt32(IflaMtu, (uint)mtu);
                }

                var info = message.BeginNested(IflaLinkinfo);
                message.AttributeString(IflaInfoKind, "bridge");
                message.EndNested(info);
                return socket.Request(message.ToArray(), sequence);
            }

            case SetLink set:
                return WithNamespaceFd(set.MoveTo, fd => socket.Request(SetLinkMessage(set, fd, sequence), sequence));
            case DeleteLink delete:
            {
                var message = LinkMessage(RtmDelLink, Request | Ack, sequence, 0, 0);
                message.AttributeString(IflaIfname, delete.Name);
                return socket.Request(message.ToArray(), sequence);
            }

            case AddAddress address:
            {
                var message = new NetlinkMessageWriter(RtmNewAddr, Request | Ack | Create | Exclusive, sequence);
                message.WriteUInt8(Family(address.Address));
                message.WriteUInt8((byte)address.PrefixLength);
                message.WriteUInt8(0); // flags
                message.WriteUInt8(0); // scope universe
                message.WriteUInt32(Index(address.Device));
                message.Attribute(2, address.Address.GetAddressBytes()); // IFA_LOCAL
                message.Attribute(1, address.Address.GetAddressBytes()); // IFA_ADDRESS
                return socket.Request(message.ToArray(), sequence);
            }

            case AddRoute add:
                return socket.Request(RouteMessage(RtmNewRoute, (ushort)(Request | Ack | Create | (add.Replace ? Replace : Exclusive)), add.Route, sequence), sequence);
            case DeleteRoute delete:
                return socket.Request(RouteMessage(RtmDelRoute, Request | Ack, delete.Route, sequence), sequence);
            case AddNeighbor neighbor:
            {
                var message = new NetlinkMessageWriter(RtmNewNeigh, Request | Ack | Create | Replace, sequence);
                message.WriteUInt8(Family(neighbor.Address));
                message.WriteZeros(3);
                message.WriteUInt32(Index(neighbor.Device));
                message.WriteUInt16(0x80); // NUD_PERMANENT
                message.WriteUInt8(0);
                message.WriteUInt8(0);
                message.Attribute(1, neighbor.Address.GetAddressBytes()); // NDA_DST
                message.Attribute(2, Mac(neighbor.Mac)); // NDA_LLADDR
                return socket.Request(message.ToArray(), sequence);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, "not encodable as rtnetlink");
        }
    }

    private static byte[] AddVethMessage(AddVeth veth, int peerNetnsFd, uint sequence)
    {
        var message = LinkMessage(RtmNewLink, Request | Ack | Create | Exclusive, sequence, 0, 0);
        message.AttributeString(IflaIfname, veth.Name);
        if (veth.Mtu is { } mtu)
        {
            message.AttributeUInt32(IflaMtu, (uint)mtu);
        }

        if (veth.Mac is { } mac)
        {
            message.Attribute(IflaAddress, Mac(mac));
        }

        var info = message.BeginNested(IflaLinkinfo);
        message.AttributeString(IflaInfoKind, "veth");
        var data = message.BeginNested(IflaInfoData);
        var peer = message.BeginNested(VethInfoPeer);
        message.WriteZeros(16); // the peer's ifinfomsg
        message.AttributeString(IflaIfname, veth.PeerName);
        if (veth.Mtu is { } peerMtu)
        {
            message.AttributeUInt32(IflaMtu, (uint)peerMtu);
        }

        if (veth.PeerMac is { } peerMac)
        {
            message.Attribute(IflaAddress, Mac(peerMac));
        }

        if (peerNetnsFd >= 0)
        {
            message.AttributeUInt32(IflaNetNsFd, (uint)peerNetnsFd);
        }

        message.EndNested(peer);
        message.EndNested(data);
        message.EndNested(info);
        return message.ToArray();
    }

    private static byte[] SetLinkMessage(SetLink set, int netnsFd, uint sequence)
    {
        var flags = set.Up is true ? IffUp : 0;
        var change = set.Up is null ? 0 : IffUp;
        var message = LinkMessage(RtmNewLink, Request | Ack, sequence, flags, change);
        message.AttributeString(IflaIfname, set.Name);
        if (set.Mtu is { } mtu)
        {
            message.AttributeUInt32(IflaMtu, (uint)mtu);
        }

        if (set.Mac is { } mac)
        {
            message.Attribute(IflaAddress, Mac(mac));
        }

        if (set.Master is { } master)
        {
            message.AttributeUInt32(IflaMaster, Index(master));
        }

        if (netnsFd >= 0)
        {
            message.AttributeUInt32(IflaNetNsFd, (uint)netnsFd);
        }

        return message.ToArray();
    }

    private static NetlinkMessageWriter LinkMessage(ushort type, int flags, uint sequence, uint ifFlags, uint change)
    {
        var message = new NetlinkMessageWriter(type, (ushort)flags, sequence);
        message.WriteUInt8(0); // AF_UNSPEC
        message.WriteUInt8(0);
        message.WriteUInt16(0); // type
        message.WriteUInt32(0); // index: look up by IFLA_IFNAME
        message.WriteUInt32(ifFlags);
        message.WriteUInt32(change);
        return message;
    }

    private static byte[] RouteMessage(ushort type, int flags, RouteSpec route, uint sequence)
    {
        var message = new NetlinkMessageWriter(type, (ushort)flags, sequence);
        var family = route.Destination.Family == AddressFamily.InterNetwork ? (byte)2 : (byte)10;
        message.WriteUInt8(family);
        message.WriteUInt8((byte)route.Destination.Length);
        message.WriteUInt8(0); // src_len
        message.WriteUInt8(0); // tos
        message.WriteUInt8(254); // RT_TABLE_MAIN
        message.WriteUInt8(type == RtmDelRoute ? (byte)0 : (byte)3); // RTPROT_BOOT, as iproute2
        message.WriteUInt8(route.LinkScope ? (byte)253 : (byte)0); // RT_SCOPE_LINK / UNIVERSE
        message.WriteUInt8(1); // RTN_UNICAST
        message.WriteUInt32(route.OnLink ? 4u : 0u); // RTNH_F_ONLINK
        if (route.Destination.Length > 0)
        {
            message.Attribute(1, route.Destination.Network.GetAddressBytes()); // RTA_DST
        }

        if (route.Device is { } device)
        {
            message.AttributeUInt32(4, Index(device)); // RTA_OIF
        }

        if (route.Gateway is { } gateway)
        {
            message.Attribute(5, gateway.GetAddressBytes()); // RTA_GATEWAY
        }

        if (route.Source is { } source)
        {
            message.Attribute(7, source.GetAddressBytes()); // RTA_PREFSRC
        }

        return message.ToArray();
    }

    private static int WithNamespaceFd(NetnsRef? netns, Func<int, int> action)
    {
        if (netns is null)
        {
            return action(-1);
        }

        var fd = Libc.Open(netns.Path, 0x80000, 0); // O_RDONLY | O_CLOEXEC
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new KernelOperationException($"open({netns.Path})", errno, Libc.Describe(errno));
        }

        try
        {
            return action(fd);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>if_nametoindex(3) resolves in the calling thread's namespace, which is the socket's.</summary>
    private static uint Index(string device)
    {
        var index = Libc.InterfaceIndex(device);
        if (index == 0)
        {
            throw new KernelOperationException($"if_nametoindex({device})", NoSuchDevice, $"Cannot find device \"{device}\"");
        }

        return index;
    }

    private static byte Family(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? (byte)2 : (byte)10;

    private static byte[] Mac(string mac) => Convert.FromHexString(mac.Replace(":", "", StringComparison.Ordinal));

    private static KernelOperationException Failure(NetlinkOperation operation, NetnsRef? netns, int error) =>
        new($"netlink{(netns is null ? "" : $" (netns {netns})")}: {string.Join(' ', IpBatchRenderer.Line(operation))}",
            -error, Libc.Describe(-error));
}
