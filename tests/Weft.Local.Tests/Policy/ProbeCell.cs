namespace Weft.Local.Tests.Policy;

/// <summary>One cell of the matrix: a connection from one pod to another on a protocol (tcp/udp) and port.</summary>
internal sealed record ProbeCell(string From, string To, string Protocol, int Port)
{
    public override string ToString() => $"{From} -> {To} {Protocol.ToUpperInvariant()}/{Port}";
}
