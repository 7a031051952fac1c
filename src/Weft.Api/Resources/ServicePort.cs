namespace Weft.Api.Resources;

public sealed record ServicePort
{
    public string? Name { get; init; }

    public Protocol Protocol { get; init; } = Protocol.Tcp;

    public required int Port { get; init; }

    /// <summary>Number or container port name; defaults to <see cref="Port"/>.</summary>
    public IntOrString? TargetPort { get; init; }

    public int? NodePort { get; init; }

    public string? AppProtocol { get; init; }
}
