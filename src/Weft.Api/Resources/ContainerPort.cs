namespace Weft.Api.Resources;

public sealed record ContainerPort
{
    public string? Name { get; init; }

    public required int Port { get; init; }

    public Protocol Protocol { get; init; } = Protocol.Tcp;
}
