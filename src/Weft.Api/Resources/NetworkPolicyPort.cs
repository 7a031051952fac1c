namespace Weft.Api.Resources;

/// <summary>A port (number or named) or a port range (port..endPort) for one protocol.</summary>
public sealed record NetworkPolicyPort
{
    public Protocol Protocol { get; init; } = Protocol.Tcp;

    /// <summary>Null matches every port of <see cref="Protocol"/>.</summary>
    public IntOrString? Port { get; init; }

    public int? EndPort { get; init; }
}
