namespace Weft.Local.Apps.Probing;

public enum ProbeProtocol
{
    Tcp,
    Udp,
    Http,
    Grpc,
}
