using System.Collections.Immutable;
using System.Net;

namespace Weft.Local.Runtime;

/// <summary>The outcome of setting up a pod's network: its addresses, or why it failed (pod stays Pending).</summary>
public sealed record PodNetworkResult(ImmutableArray<IPAddress> Addresses, string? FailureReason, string? FailureMessage)
{
    public bool Succeeded => FailureReason is null;

    public static PodNetworkResult Failed(string reason, string message) => new([], reason, message);
}
