namespace Weft.Api.Resources;

public sealed record EndpointPort
{
    public string? Name { get; init; }

    public Protocol Protocol { get; init; } = Protocol.Tcp;

    public int? Port { get; init; }

    public string? AppProtocol { get; init; }
}
