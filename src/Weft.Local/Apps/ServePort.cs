namespace Weft.Local.Apps;

/// <summary>One listener of the echo app: a protocol on a port.</summary>
public sealed record ServePort(ServeProtocol Protocol, int Port)
{
    public override string ToString() => $"{Protocol.ToString().ToLowerInvariant()}:{Port}";
}
