namespace Weft.Local.Probes;

public enum ProbeActionKind
{
    TcpSocket,
    HttpGet,
    Exec,
}
