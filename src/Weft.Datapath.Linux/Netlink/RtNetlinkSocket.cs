using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Weft.Datapath.Linux.Abstractions;
using Weft.Datapath.Linux.Interop;

namespace Weft.Datapath.Linux.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket. It belongs to the network namespace of the thread that created it, so requests act
/// there no matter which thread sends them. Each request asks for an ACK and waits for it (netlink(7)).
/// </summary>
internal sealed class RtNetlinkSocket : IDisposable
{
    private const int AfNetlink = 16;
    private const int SockRaw = 3;
    private const int SockCloexec = 0x80000;
    private const int NetlinkRoute = 0;
    private const ushort NlmsgError = 2;
    private int _fd;
    private uint _sequence;

    private RtNetlinkSocket(int fd) => _fd = fd;

    public static RtNetlinkSocket Open()
    {
        var fd = Libc.Socket(AfNetlink, SockRaw | SockCloexec, NetlinkRoute);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new KernelOperationException("socket(AF_NETLINK, NETLINK_ROUTE)", errno, Libc.Describe(errno));
        }

        return new RtNetlinkSocket(fd);
    }

    public uint NextSequence() => ++_sequence;

    /// <summary>Sends a request built with NLM_F_ACK and returns 0 or the negative errno the kernel answered.</summary>
    public unsafe int Request(byte[] message, uint sequence)
    {
        fixed (byte* pointer = message)
        {
            if (Libc.Send(_fd, pointer, (nuint)message.Length, 0) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new KernelOperationException("netlink send", errno, Libc.Describe(errno));
            }
        }

        var buffer = new byte[16384];
        while (true)
        {
            nint received;
            fixed (byte* pointer = buffer)
            {
                received = Libc.Receive(_fd, pointer, (nuint)buffer.Length, 0);
            }

            if (received < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == 4)
                {
                    continue; // EINTR
                }

                throw new KernelOperationException("netlink recv", errno, Libc.Describe(errno));
            }

            var offset = 0;
            while (offset + 16 <= received)
            {
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset));
                var type = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset + 4));
                var seq = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset + 8));
                if (length < 16)
                {
                    break;
                }

                if (type == NlmsgError && seq == sequence)
                {
                    return BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(offset + 16));
                }

                offset += (length + 3) & ~3;
            }
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            Libc.Close(fd);
        }
    }
}
