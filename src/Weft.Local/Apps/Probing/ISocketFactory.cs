using System.Net.Sockets;

namespace Weft.Local.Apps.Probing;

/// <summary>
/// Creates sockets. A socket belongs to the network namespace it was created in, so a factory that creates
/// sockets inside a pod's namespace lets the same <see cref="Prober"/> check readiness from inside the pod.
/// </summary>
public interface ISocketFactory
{
    Socket Create(AddressFamily family, SocketType type, ProtocolType protocol);
}
