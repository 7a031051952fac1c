using System.Net.Sockets;

namespace Weft.Local.Apps.Probing;

/// <summary>Sockets in the caller's own network namespace.</summary>
public sealed class HostSocketFactory : ISocketFactory
{
    public static readonly HostSocketFactory Instance = new();

    public Socket Create(AddressFamily family, SocketType type, ProtocolType protocol) => new(family, type, protocol);
}
