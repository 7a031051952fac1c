namespace Weft.Datapath.Policy;

/// <summary>An inclusive destination-port range, rendered as nft writes it: <c>80</c> or <c>80-81</c>.</summary>
public readonly record struct PortRange(int First, int Last)
{
    public const int MaxPort = 65535;

    public bool Contains(int port) => port >= First && port <= Last;

    public override string ToString() => First == Last ? $"{First}" : $"{First}-{Last}";
}
