using System.Net;

namespace Weft.Datapath.Services;

/// <summary>A backend the datapath may DNAT to; <see cref="IsLocal"/> when it runs on this node.</summary>
public sealed record EndpointTarget(IPAddress Address, int Port, bool IsLocal)
{
    public override string ToString() => $"{Address}/{Port}";
}
