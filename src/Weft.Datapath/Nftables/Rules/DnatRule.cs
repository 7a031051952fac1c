using System.Net;
using Weft.Api.Resources;

namespace Weft.Datapath.Nftables.Rules;

/// <summary><c>meta l4proto tcp dnat to A:P</c>.</summary>
public sealed record DnatRule(Protocol Protocol, IPAddress Address, int Port) : NftRule
{
    public override string Render() => $"meta l4proto {NftNames.Protocol(Protocol)} dnat to {Address}:{Port}";
}
