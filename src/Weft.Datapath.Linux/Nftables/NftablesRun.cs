namespace Weft.Datapath.Linux.Nftables;

/// <summary>One libnftables command run: its return code (0 = success) and the buffered output and error text.</summary>
internal sealed record NftablesRun(int ReturnCode, string Output, string Error)
{
    public bool Succeeded => ReturnCode == 0;
}
