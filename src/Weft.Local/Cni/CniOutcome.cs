using System.Text.Json.Nodes;

namespace Weft.Local.Cni;

/// <summary>The result of running a network configuration list: the final result JSON, or the first error.</summary>
public sealed record CniOutcome(JsonObject? Result, CniError? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>The interface addresses of the result (<c>ips[].address</c>, CIDR notation).</summary>
    public IReadOnlyList<string> Addresses =>
        Result?["ips"] is JsonArray ips
            ? ips.Select(ip => ip?["address"]?.GetValue<string>()).OfType<string>().ToList()
            : [];
}
