using System.Net;

namespace Weft.Datapath.Nftables.Rules;

/// <summary><c>ip saddr A jump X</c>: used for hairpin, when an endpoint reaches itself through the service.</summary>
public sealed record SourceAddressJumpRule(IPAddress Source, string Chain) : NftRule
{
    public override string Render() => $"ip saddr {Source} jump {Chain}";

    public override IEnumerable<string> ChainReferences => [Chain];
}
