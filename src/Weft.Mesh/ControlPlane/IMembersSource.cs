namespace Weft.Mesh.ControlPlane;

/// <summary>Where a sidecar's members watch gets its text (the daemon's socket; a fake in tests).</summary>
public interface IMembersSource
{
    /// <summary>
    /// Asks for the members text newer than <paramref name="seenTag"/> (null: whatever is current), letting the
    /// source hold the request up to <paramref name="wait"/> while nothing changes.
    /// </summary>
    Task<MembersPoll> PollAsync(string? seenTag, TimeSpan wait, CancellationToken cancellationToken);
}
