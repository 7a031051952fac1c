using Weft.Mesh.Identity;

namespace Weft.Mesh.Forwarding;

/// <summary>
/// Which server identity an outbound mTLS connection accepts. A valid mesh certificate only proves membership of
/// the mesh; the peer must also be the workload the control plane placed at the dialled address — otherwise a
/// compromised pod with any valid certificate, answering at another pod's address, would be trusted. Pure: the
/// caller resolves the expected identity (configured, or named by the members list for the remote address).
/// </summary>
internal static class ServerIdentityRule
{
    /// <summary>
    /// <paramref name="presented"/> when it succeeded with exactly <paramref name="expected"/>; otherwise an
    /// <see cref="PeerValidationFailure.UnexpectedIdentity"/> failure. No expected identity (the members list names
    /// none for a meshed address, or the remote address is unknown) fails closed.
    /// </summary>
    public static PeerValidationResult Require(PeerValidationResult presented, string? expected, string where)
    {
        if (!presented.Succeeded) return presented;
        if (string.IsNullOrEmpty(expected))
            return PeerValidationResult.Fail(PeerValidationFailure.UnexpectedIdentity, $"no identity is known for {where}: refusing {presented.Identity}");
        var actual = presented.Identity!.ToString();
        return string.Equals(actual, expected, StringComparison.Ordinal)
            ? presented
            : PeerValidationResult.Fail(PeerValidationFailure.UnexpectedIdentity, $"{where} presented {actual}, expected {expected}");
    }
}
