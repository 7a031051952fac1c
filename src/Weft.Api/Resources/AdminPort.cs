namespace Weft.Api.Resources;

/// <summary>
/// One entry of an (B)ANP rule's <c>ports</c>: exactly one of portNumber (<see cref="Port"/>),
/// namedPort (<see cref="NamedPort"/>) or portRange (<see cref="Port"/>..<see cref="EndPort"/>).
/// </summary>
public sealed record AdminPort
{
    public Protocol Protocol { get; init; } = Protocol.Tcp;

    public int? Port { get; init; }

    public int? EndPort { get; init; }

    public string? NamedPort { get; init; }
}
