namespace Weft.Datapath.Nftables.Rules;

/// <summary>
/// <c>ct mark set 0x0</c>, or with <see cref="Map"/> <c>ct mark set ip saddr map @m</c> (<c>ip daddr</c> when
/// <see cref="SourceAddress"/> is false): writes the connection's mark from a constant or from an address → mark data
/// map. The policy datapath uses it as its ipcache — the peer address's class id — on a connection's first packet;
/// when the address is not in the map the rule stops and the mark stays as it was. The packet mark is not used: the
/// services table's masquerade bit lives there between prerouting and postrouting.
/// </summary>
public sealed record ConntrackMarkRule(bool SourceAddress, string? Map, uint Value = 0) : NftRule
{
    public override string Render() => Map is null
        ? $"ct mark set 0x{Value:x8}"
        : $"ct mark set ip {(SourceAddress ? "saddr" : "daddr")} map @{Map}";

    public override IEnumerable<string> MapReferences => Map is null ? [] : [Map];
}
