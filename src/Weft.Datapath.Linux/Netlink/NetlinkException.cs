namespace Weft.Datapath.Linux.Netlink;

/// <summary>A netlink or namespace call failed: carries the operation and the errno (or netlink error code).</summary>
public sealed class NetlinkException : Exception
{
    public NetlinkException(string operation, int errno)
        : base($"{operation} failed: errno {errno} ({System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)})")
    {
        Operation = operation;
        Errno = errno;
    }

    public NetlinkException()
        : this("netlink", 0)
    {
    }

    public NetlinkException(string message)
        : base(message)
    {
        Operation = message;
    }

    public NetlinkException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = message;
    }

    public string Operation { get; } = "";

    public int Errno { get; }
}
