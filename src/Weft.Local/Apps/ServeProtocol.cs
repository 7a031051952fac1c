namespace Weft.Local.Apps;

/// <summary>What a <c>weft app serve</c> listener speaks on its port.</summary>
public enum ServeProtocol
{
    Http,
    Tcp,
    Udp,
    Grpc,
}
