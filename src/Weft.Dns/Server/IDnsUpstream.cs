namespace Weft.Dns.Server;

/// <summary>
/// Resolves names outside the cluster zone for real deployments. Off by default: the local cluster must not send
/// queries off the machine, so outside names are REFUSED unless a host supplies one of these.
/// </summary>
public interface IDnsUpstream
{
    /// <summary>Sends a query as-is and copies the reply into <paramref name="reply"/>.</summary>
    /// <returns>The reply's length, or 0 when the upstream failed or timed out (an expected outcome, not an exception).</returns>
    ValueTask<int> ExchangeAsync(ReadOnlyMemory<byte> query, Memory<byte> reply, CancellationToken cancellationToken);
}
